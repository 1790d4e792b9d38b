/**
 * What kind of answer a question expects, read from its wording: "how many X" wants a number
 * that counts X, "when" a date, "who" a name, "which X" one of the X, "what does X stand for"
 * the words the letters of X stand for, "why" a reason. Questions that state something to be
 * checked ("someone said X, true?") are claims; those starting with an auxiliary are yes/no.
 * Reading is on folded text with question words already corrected.
 */

export type AnswerType =
  | "count"
  /** An amount of money or a share: "how much", "what percentage". */
  | "amount"
  /** Any number: "how far", "how big". */
  | "number"
  /** An age: "how old". */
  | "age"
  /** A length of time: "how long has it been". */
  | "duration"
  | "date"
  | "person"
  | "place"
  | "name"
  | "expansion"
  | "instance"
  | "reason"
  | "definition"
  | "any";

/** What a question expects of its answer. */
export interface Expectation {
  type: AnswerType;
  /**
   * The words the expected answer is about: what a count counts ("children"), the kind a
   * "which" question picks from ("agencies"), the acronym to expand, the subject to define.
   */
  focus: string[];
  /** For a count, the word naming what is counted ("nurses" in "how many hospital nurses"). */
  head?: string;
  /** For a question about what someone said ("how did Acme respond"), the words naming who. */
  speaker?: string[];
  /** A yes/no question ("does the company sell it?"). */
  yesNo: boolean;
  /** A statement to be checked ("someone said X, true?"); the marker words are removed from `text`. */
  claim: boolean;
  /** What the question is about: without claim markers and without the words that only ask for the kind of answer. */
  text: string;
  /** The question as asked, without claim markers: the words that ask are still there. */
  asked: string;
}

const AUXILIARY =
  /^(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|shall|may|might|must)\b/;

/** Words that mark a statement as something heard, to be checked. */
const CLAIM_MARKERS = [
  /^(?:so |but |and |ok |well )?(?:someone|somebody|people|everyone|a friend|my (?:\w+ ){0,2}(?:friend|coworker|colleague|boss|manager|teacher|professor|mom|dad)|they|i|we)(?: in #?[\w-]+)? (?:said|says|say|claimed|claims|claim|told me|heard|read|think|thinks|posted|mentioned|insists)(?: that)?\b/g,
  /\b(?:i've|i have|i) (?:heard|read|seen)(?: (?:that|somewhere|online))?\b/g,
  /\bis (?:it|that|this) (?:true|right|correct|accurate|legit|so)(?: that)?\b/g,
  /\b(?:true|right|correct|accurate|legit|really|confirm|verify)\s*\?*\s*$/g,
  /\bfact[ -]?check\s*:?/g,
  /\b(?:apparently|supposedly|allegedly|rumou?r (?:is|has it))\b/g,
  /,?\s*(?:didn't|did not|isn't|is not|wasn't|was not|don't|do not|doesn't|does not|aren't|weren't|haven't|hasn't) (?:it|they|he|she|there|we)\s*\?*\s*$/g,
  /\bis that (?:so|the case)\b/g,
];

/** Words that only say what kind of answer is wanted, per kind; they are not what the question is about. */
const FRAME_WORDS: Partial<Record<AnswerType, RegExp>> = {
  expansion: /\b(?:stands?|short|mean|means|meaning|full form|abbreviation|acronym|expansion)\b/g,
  count: /\b(?:how many|how much|number|percentage|percent|share|proportion)\b/g,
  amount: /\b(?:how much|percentage|percent|share|proportion|cost|costs|worth)\b/g,
  date: /\b(?:date|day|year|month|decade|century)\b/g,
  name: /\b(?:name|names|named|called)\b/g,
  reason: /\breason\b/g,
};

/** Words after "how many" that name what is counted: up to three, ending before a verb. */
function countedWords(text: string): string[] {
  const m = /\b(?:how many|number of|how much)\s+(.*)$/.exec(text);
  if (!m?.[1]) return [];
  const words: string[] = [];
  for (const raw of m[1].split(/\s+/)) {
    const word = raw.replace(/[^a-z0-9'-]/g, "");
    if (!word || STOP.has(word) || ENDS_COUNTED.has(word) || (words.length && /(?:ed|ing)$/.test(word)))
      break;
    words.push(word);
    if (words.length === 3) break;
  }
  return words;
}

/**
 * Words that end the phrase naming what is counted: conjunctions, pronouns, adverbs of place, and
 * common verbs whose past forms are irregular ("how many people *put* their names on it").
 */
const ENDS_COUNTED = new Set(
  `and or but how what when where why we you i he she them us r u ahead behind out up down over under
  into onto per each total altogether put get gets got make makes made come comes came go goes went
  work works take takes took give gives gave say says said see saw know knew think thought run ran
  live lives mention mentions sign signs use uses want wants need needs mean means leave left stay`
    .split(/\s+/)
    .filter(Boolean),
);

/** Nouns too general to tell what a number counts. */
const GENERAL_COUNTED = new Set([
  "people",
  "persons",
  "person",
  "folks",
  "ones",
  "them",
  "individuals",
  "things",
  "times",
]);

/** Function words that end the phrase naming what is counted. */
const STOP = new Set(
  "the a an of do does did is are was were has have had will would can could should been be to in on at by for from with about that which who this these those it they there".split(
    " ",
  ),
);

/** Verbs and nouns of answering: what someone said, or that they would not say. */
const RESPONDING =
  "(?:say|said|saying|says|respond|responded|responding|react|reacted|reacting|reply|replied|comment|commented|answer|answered|handle|handled|put out a statement)";
const RESPONSE = "(?:response|reaction|reply|comment|comments|statement|answer|side)";
/** Who a question asks to have responded: "how did X respond", "did X say anything", "X's reaction". */
const SPEAKER = [
  new RegExp(`\\b(?:a|any|the) ${RESPONSE} from ((?:[a-z0-9.'-]+ ?){1,4})`),
  new RegExp(
    `\\b(?:what|how)(?: did| does| do| has| have| is| was| are| were|'s) ((?:[a-z0-9.'-]+ ){1,4}?)${RESPONDING}\\b`,
  ),
  new RegExp(
    `^(?:and |so |but )?(?:did|does|has|have|was|were|is|are) ((?:[a-z0-9.'-]+ ){1,4}?)${RESPONDING}\\b`,
  ),
  new RegExp(`(?:^|\\s)((?:[a-z0-9.-]+ ){0,3}[a-z0-9.-]+)'s? ${RESPONSE}\\b`),
];
/** Words that name no one who could have answered: the text itself, or its writers as "they". */
const NO_SPEAKER =
  /^(?:it|this|that|they|them|he|she|you|we|i|the (?:letter|article|story|piece|report|post|text))$/;

function speakerOf(text: string): string[] | undefined {
  for (const pattern of SPEAKER) {
    const words = pattern.exec(text)?.[1]?.trim();
    if (!words || NO_SPEAKER.test(words)) continue;
    const named = words
      .split(" ")
      .map((w) => w.replace(/'s?$/, ""))
      .filter((w) => w && !STOP.has(w) && !/^(?:what|how|who)\b/.test(w));
    if (named.length) return named;
  }
  return undefined;
}

/** The end of a question, perhaps naming where the answer is to be found: "… according to the letter?" */
const SOURCE_END =
  "(?:,? (?:according to|per|in|from|based on) (?:this|it|them|the (?:article|letter|story|report|piece|text)))?\\s*\\??$";

/** "What kind of company is X": what X is. */
const KIND_OF = new RegExp(
  `^(?:and |so )?what (?:kind|type|sort) of [a-z'-]+ (?:is|are|was|were) (?:a |an |the )?([a-z0-9.' -]{1,40}?)${SOURCE_END}`,
);
/** "What does X do": what X is. */
const DOES = new RegExp(
  `^(?:and |so )?what (?:does|do|did) (?:a |an |the )?([a-z0-9.' -]{1,40}?) do${SOURCE_END}`,
);
/** "What is X", "who is the X": X defined, or named. */
const DEFINITION = new RegExp(
  `^(?:and |so )?(?:what|who)(?:'s| is| are| was| were) (?:a |an |the )?([a-z0-9.' -]{1,40}?)${SOURCE_END}`,
);

/** A question that opens with a question word other than "who". */
const OTHER_QUESTION_WORD = /^(?:and |so |but )?(?:what|which|how|when|where|why)\b/;
/**
 * A "who" that is asked, not one that opens a relative clause ("what do they want for nurses who
 * refuse"): after a preposition or a verb of telling ("written by whom", "tell me who"), or last.
 */
const ASKS_WHO =
  /\b(?:by|to|for|with|from|of|about|me|us|tell|know|say|ask) who(?:m|se)?\b|\bwho(?:m|se)?\s*\??$/;

/** Reads what a folded, corrected question expects. */
export function expectationOf(question: string, acronyms: ReadonlySet<string>): Expectation {
  let text = question.replace(/\s+/g, " ").trim();
  let claim = false;
  for (const marker of CLAIM_MARKERS) {
    // Most questions have no marker: `search` looks without building a new text.
    if (text.search(marker) < 0) continue;
    const stripped = text.replace(marker, " ").replace(/\s+/g, " ").trim();
    if (stripped !== text) {
      claim = true;
      text = stripped;
    }
  }
  const yesNo = claim || AUXILIARY.test(text);
  const speaker = speakerOf(text);
  const expect = (type: AnswerType, focus: string[] = [], head?: string): Expectation => {
    const frame = FRAME_WORDS[type];
    const about = frame ? text.replace(frame, " ").replace(/\s+/g, " ").trim() : text;
    return {
      type,
      focus,
      yesNo,
      claim,
      text: about,
      asked: text,
      ...(head ? { head } : {}),
      ...(speaker ? { speaker } : {}),
    };
  };

  const expansion =
    /\b([a-z.]{2,8})\s+(?:stands?|stnad) for\b/.exec(text) ??
    /\bwhat(?: is|'s| does)? (?:the )?(?:full form|full name|expansion|meaning|abbreviation) (?:of|for) ([a-z.]{2,8})\b/.exec(
      text,
    ) ??
    /\b(?:what is|what's) ([a-z.]{2,8}) short for\b/.exec(text) ??
    /\b(?:what does|and|so) ([a-z.]{2,8}) mean\b/.exec(text) ??
    /^(?:and |so )?([a-z.]{2,8}) (?:means|meaning)\s*\??$/.exec(text);
  if (expansion?.[1] && acronyms.has(expansion[1].replace(/\./g, "")))
    return expect("expansion", [expansion[1]]);
  if (
    /\bhow much\b(?! (?:of|more|less))|\bwhat (?:percentage|percent|proportion|share|fraction)\b|\bhow much (?:money|does|is|did)\b/.test(
      text,
    )
  ) {
    const counted = countedWords(text);
    if (!counted.length || /\b(?:money|cost|worth|pay|paid|price|percentage|percent)\b/.test(text))
      return expect("amount");
  }
  if (/\bhow many\b|\bnumber of\b|\bhow much\b/.test(text)) {
    const counted = countedWords(text);
    // "How many people": any count of someone answers; a general noun names nothing to match.
    const head = counted.at(-1);
    return expect("count", counted, head && !GENERAL_COUNTED.has(head) ? head : undefined);
  }
  if (/\bhow old\b|\bwhat age\b/.test(text)) return expect("age");
  if (/\bhow long (?:has|have|had|did|does|do|is|was|were|will)\b|\bfor how long\b/.test(text))
    return expect("duration");
  if (/\bhow (?:far|big|large|tall)\b/.test(text)) return expect("number");
  if (
    /^(?:and |so |but )?when\b|\bwhen (?:did|was|were|is|are|does|do|has|have|had|will|would|could|can)\b|\b(?:what|which) (?:date|day|year|month|time|decade|century)\b|\bsince when\b|\bhow long ago\b|\bin what (?:year|decade|month)\b/.test(
      text,
    )
  ) {
    return expect("date");
  }
  if (
    /\bwhy\b|\bfor what reason\b|\bwhat (?:is|was|'s) the reason\b|\bhow come\b|\bwhat (?:made|makes|led|caused)\b/.test(
      text,
    )
  ) {
    return expect("reason");
  }
  if (
    /\bname of\b|\bcalled what\b|\bwhat (?:is|was|'s) (?:it|the [a-z' -]{1,30}?) called\b|\bwhat(?:'s| is| was| were| are) (?:the |their |his |her |its )?names?\b/.test(
      text,
    )
  ) {
    const m = /\bnames? of (?:the |their |his |her )?((?:[a-z'-]+ ?){1,3})/.exec(text);
    return expect("name", m?.[1] ? m[1].trim().split(" ") : []);
  }
  if (
    /\bwhere\b(?! (?:does|do|did|is) (?:it|the \w+|they) (?:say|mention|talk|discuss))|\b(?:which|what) (?:city|cities|country|countries|state|place|town|location|region)\b/.test(
      text,
    )
  ) {
    return expect("place");
  }
  // "what kind of company is X", "what does X do": what X is.
  const kindOf = KIND_OF.exec(text);
  if (kindOf?.[1]) {
    return {
      ...expect("definition", kindOf[1].split(" ")),
      text: text.replace(/\b(?:kind|type|sort) of\b/, " "),
    };
  }
  const does = DOES.exec(text);
  if (does?.[1]) return expect("definition", does[1].split(" "));
  const definition = DEFINITION.exec(text);
  if (
    definition?.[1] &&
    definition[1].split(" ").length <= 4 &&
    !/\b(?:of|about|for|to|with|from|in|on)$/.test(definition[1])
  ) {
    return expect(definition[0].includes("who") ? "person" : "definition", definition[1].split(" "));
  }
  if (/\bwho(?:m|se)?\b/.test(text) && !yesNo && !(OTHER_QUESTION_WORD.test(text) && !ASKS_WHO.test(text)))
    return expect("person");
  // "what kind of disclosure": which disclosure; "kind of" only asks for one of a kind.
  const ofKind = /\b(?:what|which) (?:kinds?|types?|sorts?) of ([a-z'-]+)/.exec(text);
  if (ofKind?.[1] && !yesNo)
    return {
      ...expect(
        "instance",
        [ofKind[1]].filter((w) => !STOP.has(w)),
      ),
      text: text.replace(/\b(?:kinds?|types?|sorts?) of\b/, " ").replace(/\s+/g, " "),
    };
  const which = /\bwhich (?:of the )?([a-z'-]+(?: [a-z'-]+)?)/.exec(text);
  if (which?.[1] && !yesNo)
    return expect(
      "instance",
      which[1].split(" ").filter((w) => !STOP.has(w)),
    );
  return expect("any");
}
