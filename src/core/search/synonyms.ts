import { type Token, tokenize } from "./normalize.js";

/**
 * The one synonym table. Each group names one idea; any member (a word or a phrase, matched by
 * stems, so "kids" and "kid" are both members) in a question meets any member in a passage.
 * `kinds` says what the members are instances of ("ICE" is a government agency), so a question
 * about "agencies" or "companies" finds the named ones at a lower weight.
 * `frame` marks the letter's own cast: its authors, its recipient, the company and the letter
 * itself. Nearly every passage is about them, so they never decide what a question is about.
 */
export interface ConceptGroup {
  id: string;
  words: string[];
  kinds?: string[];
  frame?: boolean;
}

/** The groups, one idea a line. */
export const CONCEPTS: readonly ConceptGroup[] = [
  // The cast of the article.
  {
    id: "employees",
    words: ["employee", "worker", "staff", "staffer", "amazonian", "workforce", "engineer"],
    frame: true,
  },
  {
    id: "bezos",
    words: ["jeff", "bezos", "jeff bezos", "boss", "ceo", "chief executive", "founder", "chief"],
    kinds: ["person"],
    frame: true,
  },
  { id: "amazon", words: ["amazon", "amazon.com"], kinds: ["company"], frame: true },
  { id: "letter", words: ["letter", "open letter", "memo", "note", "message"], frame: true },
  // Organisations, agencies and people named in the article.
  {
    id: "ice",
    words: ["ice", "immigration and customs enforcement", "immigration enforcement"],
    kinds: ["agency", "government"],
  },
  {
    id: "dhs",
    words: ["dhs", "homeland security", "department of homeland security"],
    kinds: ["agency", "government"],
  },
  { id: "un", words: ["un", "united nations"], kinds: ["organization"] },
  { id: "usa", words: ["usa", "united states", "america", "american", "americans"] },
  { id: "aws", words: ["aws", "amazon web services", "cloud"], kinds: ["company"] },
  { id: "aclu", words: ["aclu", "american civil liberties union"], kinds: ["organization"] },
  { id: "palantir", words: ["palantir"], kinds: ["company"] },
  { id: "ibm", words: ["ibm", "international business machines"], kinds: ["company"] },
  { id: "google", words: ["google", "alphabet"], kinds: ["company"] },
  { id: "gizmodo", words: ["gizmodo"], kinds: ["outlet"] },
  { id: "hitler", words: ["hitler", "nazi", "nazis", "holocaust", "third reich"], kinds: ["person"] },
  // Kinds of things, so "which agencies" or "what companies" finds the named ones.
  { id: "agency", words: ["agency", "department", "bureau"] },
  {
    id: "government",
    words: ["government", "governmental", "federal", "authority", "administration", "official", "state"],
  },
  { id: "company", words: ["company", "firm", "corporation", "corporate", "business", "partner"] },
  { id: "organization", words: ["organization", "organisation", "group", "nonprofit", "coalition", "ngo"] },
  { id: "person", words: ["person", "individual", "citizen", "folk"] },
  // Technology.
  {
    id: "rekognition",
    words: [
      "rekognition",
      "facial recognition",
      "face recognition",
      "face scanning",
      "facial identification",
    ],
  },
  { id: "technology", words: ["technology", "tech", "software", "tool", "system"] },
  { id: "ai", words: ["artificial intelligence", "ai", "machine learning"] },
  { id: "infrastructure", words: ["infrastructure", "platform", "server", "hosting"] },
  { id: "data", words: ["data", "analytics", "analysis", "information"] },
  { id: "drone", words: ["drone", "uav"] },
  // Police, immigration and detention.
  { id: "police", words: ["police", "policing", "cop", "law enforcement", "officer", "sheriff"] },
  { id: "child", words: ["child", "kid", "minor", "youngster", "baby", "toddler", "son", "daughter"] },
  { id: "parent", words: ["parent", "family", "mother", "father", "mom", "dad"] },
  { id: "immigrant", words: ["immigrant", "migrant", "refugee", "asylum seeker", "asylum"] },
  { id: "detention", words: ["detention", "detain", "jail", "prison", "camp", "cage", "custody", "lock up"] },
  { id: "deportation", words: ["deportation", "deport", "expel", "removal"] },
  { id: "separate", words: ["separate", "separation", "tear", "split", "rip"] },
  {
    id: "military",
    words: ["military", "militarization", "militarize", "army", "pentagon", "defense", "war"],
  },
  { id: "attack", words: ["attack", "strike", "bombing", "kill"] },
  { id: "surveillance", words: ["surveillance", "spy", "spying", "monitor", "track", "snoop"] },
  // What the letter does and feels.
  { id: "demand", words: ["demand", "ask", "request", "call on", "call for", "want", "urge", "insist"] },
  { id: "refuse", words: ["refuse", "reject", "decline", "will not"] },
  { id: "comment", words: ["comment", "respond", "reply", "statement"] },
  {
    id: "worry",
    words: [
      "worry",
      "concern",
      "fear",
      "afraid",
      "scare",
      "frighten",
      "troubled",
      "trouble",
      "upset",
      "alarm",
      "anxious",
      "bother",
      "disturb",
    ],
  },
  {
    id: "protest",
    words: ["protest", "oppose", "opposition", "against", "object", "resist", "push back", "push against"],
  },
  { id: "harm", words: ["harm", "hurt", "damage", "injure", "suffer", "victim"] },
  { id: "marginalized", words: ["marginalized", "marginalised", "vulnerable", "disadvantaged", "oppressed"] },
  { id: "ethics", words: ["ethic", "ethical", "ethically", "moral", "morality", "conscience"] },
  { id: "immoral", words: ["immoral", "unethical", "inhumane", "inhuman", "cruel", "wrong", "evil"] },
  { id: "rights", words: ["right", "liberty", "freedom"] },
  { id: "discrimination", words: ["discrimination", "bias", "racism", "racist", "profiling"] },
  { id: "transparency", words: ["transparency", "transparent", "openness", "disclose", "disclosure"] },
  {
    id: "accountability",
    words: ["accountability", "accountable", "responsibility", "responsible", "oversight"],
  },
  { id: "shareholder", words: ["shareholder", "investor", "stockholder"] },
  { id: "profit", words: ["profit", "money", "revenue", "earnings", "value"] },
  { id: "history", words: ["history", "historic", "historical", "past"] },
  { id: "sell", words: ["sell", "sale", "market", "contract", "deal"] },
  { id: "stop", words: ["stop", "end", "halt", "cease", "quit"] },
  { id: "help", words: ["help", "assist", "aid", "support", "enable"] },
  { id: "build", words: ["build", "create", "develop", "development", "construct"] },
  { id: "write", words: ["write", "address", "pen"] },
  { id: "use", words: ["use", "rely", "depend", "employ", "utilize", "utilise"] },
  { id: "involve", words: ["involve", "implicate", "complicit", "engage", "participate"] },
  { id: "success", words: ["success", "successful", "achieve", "accomplish", "succeed", "win", "victory"] },
  { id: "sign", words: ["sign", "signature", "signatory", "endorse"] },
  { id: "report", words: ["report", "reportedly", "reveal", "expose", "publish"] },
  { id: "activist", words: ["activist", "campaigner"] },
  { id: "society", words: ["society", "public", "community"] },
  { id: "now", words: ["now", "immediately", "today", "urgent"] },
];

/** A concept found in a text: which group, which tokens it covers, and how it matched. */
export interface ConceptHit {
  concept: string;
  /** Index of the first and one past the last token covered. */
  from: number;
  to: number;
  /** True when the concept is a kind the matched group belongs to, not the group itself. */
  kind: boolean;
  frame: boolean;
}

interface Entry {
  stems: string[];
  group: ConceptGroup;
}

/** Phrases by their first stem, longest first, so "department of homeland security" wins over "department". */
const BY_FIRST_STEM = new Map<string, Entry[]>();
for (const group of CONCEPTS) {
  for (const words of group.words) {
    const stems = tokenize(words).map((t) => t.stem);
    const first = stems[0];
    if (!first) continue;
    const list = BY_FIRST_STEM.get(first) ?? [];
    list.push({ stems, group });
    list.sort((a, b) => b.stems.length - a.stems.length);
    BY_FIRST_STEM.set(first, list);
  }
}

/** The groups each concept id belongs to as a kind. */
const FRAME_IDS = new Set(CONCEPTS.filter((g) => g.frame).map((g) => g.id));

/** Whether a concept names the letter's cast (see `ConceptGroup.frame`). */
export function isFrameConcept(id: string): boolean {
  return FRAME_IDS.has(id);
}

/** Finds every concept in a token sequence, preferring the longest phrase at each position. */
export function findConcepts(tokens: Token[]): ConceptHit[] {
  const hits: ConceptHit[] = [];
  let i = 0;
  while (i < tokens.length) {
    const entries = BY_FIRST_STEM.get(tokens[i]?.stem ?? "") ?? [];
    const entry = entries.find((e) => e.stems.every((s, k) => tokens[i + k]?.stem === s));
    if (!entry) {
      i++;
      continue;
    }
    const to = i + entry.stems.length;
    const frame = entry.group.frame === true;
    hits.push({ concept: entry.group.id, from: i, to, kind: false, frame });
    for (const kind of entry.group.kinds ?? []) hits.push({ concept: kind, from: i, to, kind: true, frame });
    i = to;
  }
  return hits;
}
