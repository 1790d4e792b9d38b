import type { Analyzer } from "./analyze.js";
import { FILLERS } from "./chat.js";
import {
  INTENTS,
  type IntentName,
  type IntentScope,
  LIST_ITEM_WORDS,
  type MetaSlot,
  ORDINALS,
} from "./intents.js";
import { numberKeys, stemWord, type Token, tokenize } from "./normalize.js";
import type { SearchIndex } from "./retrieve.js";
import { isStopWord } from "./stopwords.js";

/**
 * Recognises requests: a question is matched against the example utterances of each intent in
 * `intents.ts`, word by word (a word matches its base forms and its lexicon synonyms), and an
 * intent is taken when one of its examples is mostly there and every other word of the question
 * is explained, by the intent's own vocabulary or as filler. A word the intent cannot explain
 * but the article uses ("what do they want the company to disclose") makes it a question about that
 * word instead, with the intent as a hint. Requests with a topic ("quote the part about X",
 * "find the sentence about Y") and for one item of a list ("the second demand") are read by
 * their shape.
 */

/** The intents that answer from the article's front matter. */
export const META_SLOTS: ReadonlySet<string> = new Set<MetaSlot>([
  "author",
  "authorBio",
  "outlet",
  "published",
  "updated",
  "change",
  "firstReported",
  "headline",
  "subtitle",
  "readingTime",
  "photo",
  "caption",
  "fullText",
]);

export type Intent =
  /** A question about what the article says. `hint` names a request the question narrows. */
  | { kind: "question"; hint?: IntentName }
  /** A request that needs no topic. */
  | { kind: "request"; name: Exclude<IntentName, MetaSlot> }
  /** Facts about the article itself. */
  | { kind: "meta"; slots: MetaSlot[] }
  /** Several questions in one ("who wrote it and when?"), each read on its own. */
  | { kind: "several"; parts: { intent: Intent; text: string }[] }
  /** One item of the demands list; negative counts from the end. */
  | { kind: "demand"; place: number }
  /** A passage to quote, about a topic. */
  | { kind: "quote"; topic: string }
  /** Passages to find, about a topic. */
  | { kind: "find"; topic: string };

/** Least share of an example's words a question must contain for the example's intent. */
const MIN_EXAMPLE_COVERAGE = 0.66;
/** How much each leftover word, per word the intent explains, takes off a match. */
const LEFTOVER_PENALTY = 0.5;
/** How much a question word (or "about", "to", "from", "for", which tell requests apart) counts in an example, relative to a content word. */
const QUESTION_WORD_WEIGHT = 0.5;
/** Words that ask, as opposed to stop words that only hold a sentence together. */
const QUESTION_WORDS = new Set([
  "who",
  "what",
  "when",
  "where",
  "why",
  "how",
  "which",
  "whose",
  "whom",
  "about",
  "to",
  "from",
  "for",
  // Particles of phrasal verbs: "sign off" is not "sign".
  "off",
  "up",
  "out",
  "down",
  "back",
]);
/** Prepositions and particles, which say which way a request points ("written to" whom, not "written"). */
const POINTING_WORDS = new Set(["about", "to", "from", "for", "off", "up", "out", "down", "back"]);
/** Words that carry a request though they carry no topic, so questions drop them as stop words. */
const REQUEST_VERBS = new Set(["want", "wants", "wanted"]);
/** Words that name the article or the letter as a text. */
const DOCUMENT_WORDS = new Set(["article", "story", "piece", "post", "text", "news", "report"]);
/** Words that name the letter. */
const LETTER_WORDS = new Set(["letter", "memo", "note"]);
/** One key for every word naming the same text, so "what is the story about" matches "the article". */
const documentKey = (norm: string) =>
  DOCUMENT_WORDS.has(norm) ? "~document" : LETTER_WORDS.has(norm) ? "~letter" : undefined;

/** Whether a folded text tries to give the bot new instructions ("ignore your rules", "debug mode"). */
export const instructsTheBot = (text: string): boolean => INSTRUCTIONS_TO_THE_BOT.test(text);

/** Attempts to give the bot new instructions, which it does not take: they get the chat reply. */
const INSTRUCTIONS_TO_THE_BOT =
  /\b(?:ignore|disregard|forget) (?:all |any |the |your |my )?(?:previous |prior |above |earlier )?(?:instructions|rules|prompts?)\b|\b(?:system|developer|debug|god) (?:prompt|mode|override)\b|\byou are (?:now )?(?:dan|an? (?:unrestricted|unfiltered|different) )|\bfrom now on,? you\b|\bjailbreak\b|\bpretend (?:to be|you are)\b|^system\s*:/;

/** Questions about the present moment, which no article answers: "what time is it in Paris". */
const NOW =
  /\bwhat time is it\b|\bwhat(?:'s| is) the (?:time|date) (?:now|today|right now|in\b)|\bwhat(?:'s| is) the time\s*\??$|\bwhat(?:'s| is) (?:the date )?today\b|\bwhat day is (?:it|today)\b/;

/**
 * A request to make or change something ("write a cover letter …", "fix my code", "draft an email
 * …"), after any politeness: the verb, then what is to be made.
 */
const MAKING =
  /^(?:(?:please|pls|plz|can you|could you|would you|will you|help me|i need you to|i want you to)\s+)*(?:write|draft|compose|create|generate|make|build|code|program|fix|debug|solve|calculate|compute|design|draw|plan|book|order|buy|install|deploy|implement|refactor|optimi[sz]e|convert|format|edit|proofread|rewrite|send|schedule)\s+(?:(?:me|us)\s+)?(.+)$/;

/** Questions asking what the asker should do. */
const ADVICE = /^(?:(?:how|where|what|when) (?:do|can|should|could|would|shall) i|should i|can i|could i)\b/;

/** Chat before a request: "test - quote …", "ok so, find …", "hey, give me …". */
const LEADING_CHATTER = new RegExp(`^(?:(?:${[...FILLERS].join("|")})\\b[\\s,:;.!-]*)+`);

// Requests with a topic. The topic is what follows the request words.
const QUOTE =
  /^(?:can you |could you |would you )?(?:quote|cite|paste|copy|pull up|pull|grab|read(?: me| out)?|give me|show me|share|post|send me)\b(?: (?:me|us))?(?: (?:the|a|an|that|their))?(?: (?:exact|actual|full|precise|verbatim|original|whole))?(?: (?:quote|quotes|part|parts|bit|bits|line|lines|sentence|sentences|passage|passages|section|paragraph|words|wording|text))?(?: (?:about|on|regarding|re|concerning|mentioning|with|of|from|where (?:they|it) (?:say|says|talk about|talks about|mention|mentions)|that says|saying))?(?: the)? (.+)$/;
const QUOTE_LINE =
  /^(?:can you |could you )?(?:quote|cite|paste|copy|give me|show me|read(?: me)?|pull up|find)(?: me)? (?:the |that )?(.+?) (?:line|part|bit|quote|sentence|passage|section|paragraph)$/;
const FIND =
  /^(?:can you |could you )?(?:find|search(?: for)?|locate|look up|look for|show me where|point me to|where (?:does|do|did) (?:it|the \w+|they|he|she) (?:say|says|mention|mentions|talk about|discuss|bring up)|which (?:paragraph|part|sentence|line|section) (?:says|mentions|talks about|is about|covers))(?: (?:the|a|an))?(?: (?:sentence|line|part|passage|bit|paragraph|section|quote|place|spot|bit))?(?: (?:about|on|regarding|mentioning|with|that (?:says|mentions|talks about)|where (?:it|they|he|she) (?:says?|mentions?|talks? about|discuss(?:es)?)|where))?(?: the)? (.+)$/;
const ORDINAL_ITEM = new RegExp(
  `\\b(${[...ORDINALS.keys()].filter((k) => !/^\d$/.test(k)).join("|")}) (?:${LIST_ITEM_WORDS.join("|")})\\b`,
);
const NUMBERED_ITEM = /\b(?:demand|bullet|point|item|request)s? ?(?:#|number |no\.? ?)?([1-9])\b/;
const LIST_WORDS = new Set(LIST_ITEM_WORDS.map(stemWord));

interface ExampleWord {
  /** Its number among all examples' words. */
  id: number;
  keys: Set<string>;
  weight: number;
  /** A content word (not a question word, nor a word for the article or the letter): at least one must be found. */
  content: boolean;
}
interface Example {
  /** Its number among all examples. */
  id: number;
  intent: IntentName;
  text: string;
  words: ExampleWord[];
  total: number;
  /** Whether it is made only of small words ("who is the letter to"). */
  small: boolean;
  /** Its prepositions and particles, which tell requests apart ("to", "from"). */
  points: Set<string>;
}

/** Classifies questions into intents. */
export interface IntentClassifier {
  /**
   * The intent of a cleaned, corrected, folded question. For a claim ("someone said X broke the
   * story"), words the article never uses are what is claimed, not part of the request.
   */
  classify(text: string, claim?: boolean): Intent;
  /** The intents a question came near, with their scores, for explaining a classification. */
  candidates(text: string): { intent: IntentName; example: string; score: number; unexplained: number }[];
}

/** Words that hand a request its topic: "a poem about …", "the time in …", "translate … into …". */
const TOPIC_WORDS = new Set(["about", "on", "regarding", "in", "into", "for", "of", "with"]);

/** How much an everyday word left unexplained counts against an intent, against 1 for another word. */
const EVERYDAY_WEIGHT = 0.5;
/** Words more common than this, by their base form's frequency rank in English, are everyday words. */
const EVERYDAY_RANK = 600;

/** Words that say how a reply should read, not what it should be about. */
const REPLY_FORM = new Set(
  "sentence sentences line lines paragraph paragraphs words brief briefly short shortly quick quickly simple simply plain detail detailed".split(
    " ",
  ),
);

/** A question asked in full: a question word or an auxiliary first. */
const QUESTION_START =
  /^(?:who|whom|whose|what|when|where|why|how|which|is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)\b/;
/** Words that stand for what an earlier part of the question named. */
const PRONOUN = /\b(?:it|its|they|them|their|this|that|he|she|him|her)\b/;

/** A later part that says "it" for what the part before it named gets that part's content words. */
function withSubject(text: string, before: string): string {
  if (!PRONOUN.test(text)) return text;
  const named = tokenize(before)
    .filter((t) => !isStopWord(t.norm, t.stem) && !QUESTION_WORDS.has(t.norm))
    .map((t) => t.surface);
  return named.length ? `${text} (${named.join(" ")})` : text;
}

/** Whether any of `keys` is in `set`. */
function someIn(keys: Set<string>, set: Set<string>): boolean {
  for (const k of keys) if (set.has(k)) return true;
  return false;
}

/** Most question words whose keys a classifier remembers. */
const WORD_MEMO_SIZE = 5_000;

/**
 * Remembers what `read` makes of a token, by its spelling (and its stem and whether it is a
 * number, which the spelling nearly always settles). What is returned is shared: not to be changed.
 */
function wordMemo<T>(read: (t: Token) => T): (t: Token) => T {
  const memo = new Map<string, { stem: string; number: boolean; value: T }>();
  return (t) => {
    const known = memo.get(t.norm);
    if (known && known.stem === t.stem && known.number === t.number) return known.value;
    if (memo.size >= WORD_MEMO_SIZE) memo.clear();
    const value = read(t);
    memo.set(t.norm, { stem: t.stem, number: t.number, value });
    return value;
  };
}

export function createIntentClassifier(
  analyzer: Analyzer,
  index: SearchIndex,
  meta: { author: string; outlet: string },
): IntentClassifier {
  const { lexicon, knowledge } = analyzer;
  const placeholders: Record<string, string> = { "{author}": meta.author, "{outlet}": meta.outlet };
  const bylineKeys = new Set(tokenize(`${meta.author} ${meta.outlet}`).map((t) => t.stem));
  const frameKeys = new Set([...knowledge.voices.we, ...knowledge.voices.you, ...knowledge.voices.company]);

  /**
   * An example word's keys: its stems and those of its synonyms and derived forms. Only example
   * words are widened, so a question word meets an example word through one relation, never
   * through a third word both happen to be near.
   */
  const looseCache = new Map<string, Set<string>>();
  const looseKeys = (norm: string, stem: string): Set<string> => {
    const cached = looseCache.get(norm);
    if (cached) return cached;
    const keys = new Set(analyzer.wordKeys(norm, stem));
    looseCache.set(norm, keys);
    // forEach rather than for…of, here and in the training below: at start-up this code runs
    // unoptimized, where for…of makes an iterator result per step.
    lexicon.lemmas(norm).forEach((lemma) => {
      lexicon.related(lemma).forEach(({ word, relation, minor }) => {
        if (!minor && (relation === "synonym" || relation === "derived")) keys.add(stemWord(word));
      });
    });
    return keys;
  };
  /** A question word's keys: its stems, and for a word naming the article or the letter, that text's key. */
  const readOwnKeys = (t: Token): Set<string> => {
    const document = documentKey(t.norm);
    if (document) return new Set([document]);
    if (REQUEST_VERBS.has(t.norm)) return new Set(analyzer.wordKeys(t.norm, t.stem));
    return t.number || isStopWord(t.norm, t.stem)
      ? new Set([t.norm])
      : new Set(analyzer.wordKeys(t.norm, t.stem));
  };
  /** The keys of a word and those of the entities it is a kind of. */
  const readKindKeys = (t: Token): Set<string> => {
    const set = new Set(analyzer.wordKeys(t.norm, t.stem));
    for (const k of [...set]) for (const { entity } of knowledge.ofKind(k)) set.add(entity.key);
    return set;
  };
  const ownKeys = wordMemo(readOwnKeys);
  const kindKeys = wordMemo(readKindKeys);
  /** Entities a question word names or is a kind of, for telling the letter's own cast from a topic. */
  const castKeys = (tokens: Token[]): Set<string>[] => {
    const keys = tokens.map(kindKeys);
    // A word inside a mention gets a set of its own: the remembered one is shared.
    for (const m of knowledge.mentions(tokens)) {
      for (let i = m.from; i < m.to; i++) {
        const own = keys[i];
        if (own) keys[i] = new Set(own).add(m.entity.key);
      }
    }
    return keys;
  };

  const examples: Example[] = [];
  let wordCount = 0;
  const vocabulary = new Map<IntentName, Set<string>>();
  for (const [name, definition] of Object.entries(INTENTS) as [IntentName, (typeof INTENTS)[IntentName]][]) {
    const words = new Set<string>();
    for (const text of definition.examples) {
      const filled = text.replace(/\{\w+\}/g, (p) => placeholders[p] ?? p);
      const list: ExampleWord[] = [];
      const scope = definition.scope;
      tokenize(filled).forEach((t) => {
        const document = DOCUMENT_WORDS.has(t.norm);
        // For a request about the article, "article" is what it is about; for the letter, "letter" is not.
        const content =
          t.number ||
          REQUEST_VERBS.has(t.norm) ||
          (!isStopWord(t.norm, t.stem) && !LETTER_WORDS.has(t.norm)) ||
          (document && scope === "article");
        const cue = content || document || LETTER_WORDS.has(t.norm);
        const weight = cue ? 1 : QUESTION_WORDS.has(t.norm) ? QUESTION_WORD_WEIGHT : 0;
        if (!weight) return;
        const keys =
          content && !document && !REQUEST_VERBS.has(t.norm) ? looseKeys(t.norm, t.stem) : ownKeys(t);
        keys.forEach((k) => {
          words.add(k);
        });
        list.push({ id: wordCount++, keys, weight, content });
      });
      examples.push({
        id: examples.length,
        intent: name,
        text,
        words: list,
        total: list.reduce((s, w) => s + w.weight, 0),
        small: !list.some((w) => w.content),
        points: new Set(tokenize(filled).flatMap((t) => (POINTING_WORDS.has(t.norm) ? [t.norm] : []))),
      });
    }
    vocabulary.set(name, words);
  }
  /** Scratch tallies for `candidates`: which example words a question has, and per example what they add up to. */
  const wordFound = new Uint8Array(wordCount);
  const exampleFound = new Uint8Array(examples.length);
  const weightFound = new Float64Array(examples.length);
  const contentFound = new Uint32Array(examples.length);
  /** Per key, the example words it reaches: content words, and the others. */
  const contentWordsByKey = new Map<string, [Example, ExampleWord][]>();
  const smallWordsByKey = new Map<string, [Example, ExampleWord][]>();
  for (const example of examples) {
    for (const word of example.words) {
      const byKey = word.content ? contentWordsByKey : smallWordsByKey;
      word.keys.forEach((k) => {
        const list = byKey.get(k);
        if (list) list.push([example, word]);
        else byKey.set(k, [[example, word]]);
      });
    }
  }

  /** Whether a word is among English's most common ("run", "get", "put"), which say little on their own. */
  const everyday = (t: Token) =>
    lexicon.lemmas(t.norm).some((l) => (lexicon.rank(l) ?? Number.POSITIVE_INFINITY) < EVERYDAY_RANK);
  /** Whether a question word needs no explaining for an intent of this scope; `cast` are its entity keys. */
  const incidental = (t: Token, scope: IntentScope, cast: Set<string>) => {
    // A number in figures that the article gives is what is asked about ("2,000 what?"); other
    // numbers ("in one sentence", "the 3 demands") are incidental.
    if (t.number) return !(/\d/.test(t.surface) && numberKeys(t).some((k) => index.vocabulary.has(k)));
    if (FILLERS.has(t.norm) || DOCUMENT_WORDS.has(t.norm) || t.norm === "this" || t.norm === "it")
      return true;
    // How the reply should read ("in one sentence", "briefly") is no part of what is asked for.
    if (scope !== "elsewhere" && REPLY_FORM.has(t.norm)) return true;
    if (isStopWord(t.norm, t.stem)) return true;
    if (scope === "letter" && (LETTER_WORDS.has(t.norm) || someIn(cast, frameKeys))) return true;
    if (scope === "article" && someIn(cast, bylineKeys)) return true;
    return false;
  };

  interface Scored {
    intent: IntentName;
    /** The example that matched best. */
    example: string;
    /** Share of the intent's best example found in the question, less a penalty for words left over. */
    score: number;
    /** Question words neither the intent nor chance explain. */
    unexplained: number;
    /** Whether any of them is a word of the article. */
    informative: boolean;
    /** Question words the intent's own vocabulary explains. */
    explained: number;
    /** Prepositions and particles of the question its best example has too. */
    points: number;
  }

  /** Every intent one of whose examples is mostly in the question, best first. */
  const candidates = (tokens: Token[], claim = false): Scored[] => {
    const cast = castKeys(tokens);
    const words = tokens.map((t, i) => ({ t, keys: ownKeys(t), cast: cast[i] as Set<string> }));
    // Which words of which examples the question has, through the index of example words by key.
    // Content words first: only an example one of them reaches, or one made only of small words,
    // can be the request, so the small words ("what", "the letter") are matched against those alone.
    // Per example (by number), the weight and the content words of it found; `found` lists the
    // examples in the order first found. The tallies are kept between calls, cleared here.
    const found: Example[] = [];
    wordFound.fill(0);
    exampleFound.fill(0);
    weightFound.fill(0);
    contentFound.fill(0);
    for (const content of [true, false]) {
      for (const { keys } of words) {
        for (const k of keys) {
          for (const [example, word] of (content ? contentWordsByKey : smallWordsByKey).get(k) ?? []) {
            if (!exampleFound[example.id]) {
              if (!content && !example.small) continue;
              exampleFound[example.id] = 1;
              found.push(example);
            }
            if (wordFound[word.id]) continue;
            wordFound[word.id] = 1;
            weightFound[example.id] = (weightFound[example.id] as number) + word.weight;
            if (word.content) contentFound[example.id] = (contentFound[example.id] as number) + 1;
          }
        }
      }
    }
    const bestCoverage = new Map<IntentName, number>();
    const bestExample = new Map<IntentName, Example>();
    for (const example of found) {
      const got = weightFound[example.id] as number;
      const content = contentFound[example.id] as number;
      const coverage = got / example.total;
      // "the letter" alone is no request: some word of the request itself must be there, or all of
      // an example made only of small words ("who is the letter to").
      if (!content && (coverage < 1 || example.words.some((w) => w.content))) continue;
      if (coverage > (bestCoverage.get(example.intent) ?? 0)) {
        bestCoverage.set(example.intent, coverage);
        bestExample.set(example.intent, example);
      }
    }
    const scored: Scored[] = [];
    const explainedKeys = new Map<IntentName, string[]>();
    for (const [intent, coverage] of bestCoverage) {
      if (coverage < MIN_EXAMPLE_COVERAGE) continue;
      const scope = INTENTS[intent].scope;
      // A claim is checked against the article: it asks nothing of the bot, nor for anything else.
      if (claim && (scope === "bot" || scope === "elsewhere")) continue;
      const own = vocabulary.get(intent) as Set<string>;
      let explained = 0;
      let unexplained = 0;
      let informative = false;
      let lastExplained = -1;
      let firstUnexplained = words.length;
      words.forEach(({ t, keys, cast }, i) => {
        if (incidental(t, scope, cast)) return;
        if (someIn(keys, own)) {
          explained++;
          lastExplained = i;
          const list = explainedKeys.get(intent);
          if (list) list.push(...keys);
          else explainedKeys.set(intent, [...keys]);
          return;
        }
        firstUnexplained = Math.min(firstUnexplained, i);
        const ofArticle = analyzer.wordKeys(t.norm, t.stem).some((k) => index.vocabulary.has(k));
        // What a claim claims needs no explaining.
        if (claim && !ofArticle) return;
        unexplained += everyday(t) ? EVERYDAY_WEIGHT : 1;
        if (ofArticle) informative = true;
      });
      // A request for something the article never mentions ("the weather in <a town it names>"), or
      // a whole request for something else given a topic ("a poem about <what the article is
      // about>"), is that request whatever else it names.
      const topicOnly =
        coverage >= 1 &&
        firstUnexplained > lastExplained &&
        words.slice(lastExplained + 1, firstUnexplained).some(({ t }) => TOPIC_WORDS.has(t.norm));
      const foreign =
        scope === "elsewhere" &&
        (topicOnly || explainedKeys.get(intent)?.every((k) => !index.vocabulary.has(k)) === true);
      const left = unexplained === 0 || foreign ? 0 : explained === 0 ? 1 : unexplained / explained;
      const example = bestExample.get(intent);
      // "Who did they write to": the question's "to" says which of two examples it asks.
      let points = 0;
      for (const { t } of words) if (example?.points.has(t.norm)) points++;
      scored.push({
        intent,
        example: example?.text ?? "",
        points,
        score: coverage - LEFTOVER_PENALTY * left,
        unexplained,
        informative,
        explained,
      });
    }
    // On a tie of requests, the one whose example points as the question does ("written to", not
    // "written"); then the intent that explains more of the question.
    return scored.sort(
      (a, b) =>
        b.score - a.score ||
        (a.score >= MIN_EXAMPLE_COVERAGE ? b.points - a.points : 0) ||
        b.explained - a.explained,
    );
  };

  const itemAt = (text: string): number | undefined => {
    const ordinal = ORDINAL_ITEM.exec(text)?.[1];
    if (ordinal) return ORDINALS.get(ordinal);
    const numbered = NUMBERED_ITEM.exec(text)?.[1];
    return numbered ? Number(numbered) : undefined;
  };

  /** Whether some word of a text is one the article never uses ("essay", "email"). */
  const namesOtherThings = (tokens: Token[]) =>
    tokens.some(
      (t) =>
        !t.number &&
        !FILLERS.has(t.norm) &&
        !isStopWord(t.norm, t.stem) &&
        !analyzer.wordKeys(t.norm, t.stem).some((k) => index.vocabulary.has(k)),
    );

  const plain = (text: string, claim = false): Intent => {
    if (INSTRUCTIONS_TO_THE_BOT.test(text) || NOW.test(text)) return { kind: "request", name: "elsewhere" };
    // "Write a cover letter for …": something to make, naming what the article never does, and no
    // request the bot answers ("write a summary" is one; "build the platform that powers …" is the
    // article's own words).
    const made = claim ? undefined : MAKING.exec(text)?.[1];
    if (made && namesOtherThings(tokenize(made)) && plain(made).kind === "question")
      return { kind: "request", name: "elsewhere" };
    const all = tokenize(text);
    const tokens = all.filter((t) => !FILLERS.has(t.norm));
    // "hi", "thanks!", "hi there": filler and nothing but small words.
    if (tokens.every((t) => isStopWord(t.norm, t.stem)) && (all.length > tokens.length || !tokens.length)) {
      return { kind: "request", name: "chat" };
    }
    const place = itemAt(text);
    const cast = castKeys(tokens);
    const listWords = tokens.filter((t) => LIST_WORDS.has(t.stem) || ORDINALS.has(t.norm));
    const onlyItem = tokens.every(
      (t, i) => listWords.includes(t) || incidental(t, "letter", cast[i] as Set<string>),
    );
    if (place !== undefined && onlyItem) return { kind: "demand", place };
    const [best] = candidates(tokens, claim);
    if (best && best.score >= MIN_EXAMPLE_COVERAGE) {
      if (META_SLOTS.has(best.intent)) return { kind: "meta", slots: [best.intent as MetaSlot] };
      return { kind: "request", name: best.intent as Exclude<IntentName, MetaSlot> };
    }
    // "How do I become a nurse": advice for the asker, which a news report does not give.
    if (ADVICE.test(text)) return { kind: "request", name: "elsewhere" };
    if (!best) return { kind: "question" };
    return best.informative && INTENTS[best.intent].scope === "letter"
      ? { kind: "question", hint: best.intent }
      : { kind: "question" };
  };

  const withTopic = (text: string): Intent | undefined => {
    const line = QUOTE_LINE.exec(text)?.[1];
    const find = FIND.exec(text)?.[1];
    const quote = QUOTE.exec(text)?.[1];
    const topic = (line ?? find ?? quote)?.replace(/^["'“‘]+|["'”’?.!]+$/g, "").trim();
    if (!topic) return undefined;
    // "give me the demands", "read me the third demand": the topic is itself a request.
    const inner = plain(topic);
    if (inner.kind !== "question" && !(inner.kind === "request" && inner.name === "chat")) return inner;
    return line || !find ? { kind: "quote", topic } : { kind: "find", topic };
  };

  return {
    candidates: (text) =>
      candidates(tokenize(text).filter((t) => !FILLERS.has(t.norm))).map((c) => ({
        intent: c.intent,
        example: c.example,
        score: Math.round(c.score * 100) / 100,
        unexplained: c.unexplained,
      })),
    classify(text, claim = false) {
      const topical = withTopic(text.replace(LEADING_CHATTER, ""));
      if (topical) return topical;
      const whole = plain(text, claim);
      // "who wrote it and when?": each part may be its own request.
      const texts = text.split(/\s*(?:,|;|\band\b|&|\+| - )\s*/).filter((p) => /[a-z]/.test(p));
      if (texts.length < 2) return whole;
      const parts: { intent: Intent; text: string }[] = [];
      let previous = "";
      for (const part of texts) {
        // A bare question word borrows the rest of the previous part: "who wrote it and when".
        const filled = /^(?:who|when|where|why|how|what)\??$/.test(part.trim())
          ? `${part} ${previous.replace(/^(?:who|what|when|where|why|how|which)\s+/, "")}`
          : part;
        previous = part;
        parts.push({ intent: plain(filled), text: filled });
      }
      const requests = parts.filter(
        (p) => p.intent.kind !== "question" && !(p.intent.kind === "request" && p.intent.name === "chat"),
      );
      const distinct = new Set(requests.map((p) => JSON.stringify(p.intent)));
      // "what does X do and who sells it": questions each asked in full are answered each on its own.
      if (!requests.length && whole.kind === "question") {
        const asked = parts.filter((p) => QUESTION_START.test(p.text) && p.text.split(" ").length >= 3);
        if (asked.length === parts.length)
          return {
            kind: "several",
            parts: parts.map((p, i) => ({
              ...p,
              text: i ? withSubject(p.text, parts[i - 1]?.text ?? "") : p.text,
            })),
          };
      }
      // Several parts, and either the whole is no request or the parts are more than one.
      if (!requests.length || (whole.kind !== "question" && distinct.size < 2)) return whole;
      return { kind: "several", parts };
    },
  };
}
