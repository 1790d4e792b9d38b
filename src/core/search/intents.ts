/**
 * What people ask a bot about an article, besides questions about its content: requests for the
 * demands, a summary, facts about the article itself, where the letter starts or ends. Each
 * intent is taught by example utterances; `intent.ts` matches a question against them word by
 * word, allowing for synonyms and typos, so new phrasings of the same request are recognised.
 * The examples are general English and name no article: `{author}` and `{outlet}` stand for the
 * article's byline and outlet.
 */

/** Facts about the article itself, answered from its front matter. */
export type MetaSlot =
  | "author"
  | "authorBio"
  | "outlet"
  | "published"
  | "updated"
  | "change"
  | "firstReported"
  | "headline"
  | "subtitle"
  | "readingTime"
  | "photo"
  | "caption"
  | "fullText";

/** Requests that need no topic. */
export type IntentName =
  | "demands"
  | "summary"
  | "opening"
  | "closing"
  | "articleOpening"
  | "articleClosing"
  | "demandsIntro"
  | "addressee"
  | "sender"
  | "help"
  | "chat"
  | "elsewhere"
  | MetaSlot;

/**
 * What an intent is about: the article as a publication, the letter it reports, or the bot. A
 * request for something else entirely ("write me a poem") is `elsewhere`.
 */
export type IntentScope = "article" | "letter" | "bot" | "elsewhere";

export interface IntentDefinition {
  scope: IntentScope;
  examples: readonly string[];
}

export const INTENTS: Readonly<Record<IntentName, IntentDefinition>> = {
  demands: {
    scope: "letter",
    examples: [
      "demands",
      "the demands",
      "list the demands",
      "what are their demands",
      "what do they demand",
      "what are they demanding",
      "what do they want",
      "what do they want done",
      "what does the letter want",
      "what do they want the company to do",
      "what do they want the boss to do",
      "what are they asking for",
      "what do they ask for",
      "what does the letter ask for",
      "what do they ask the ceo to do",
      "what are their requests",
      "what do they request",
      "what is the ask",
      "what does the letter call for",
      "what do they call on the company to do",
      "what do they call on him to do",
      "call to action",
      "bullet points",
      "the demands at the end of the letter",
      "the things they ask for",
      "what changes are they pushing for",
      "what changes do they want",
      "what should the company do according to them",
      "what do they expect",
      "the list of demands",
      "the bulleted list",
      "summarize the demands",
    ],
  },
  summary: {
    scope: "article",
    examples: [
      "tldr",
      "summary",
      "summarize",
      "summarize the article",
      "sum it up",
      "sum up the story",
      "the gist",
      "give me the gist",
      "overview",
      "brief overview",
      "short version",
      "in a nutshell",
      "main points",
      "key points",
      "key takeaways",
      "recap",
      "what is this about",
      "what is the story about",
      "what is the letter about",
      "what is the news",
      "brief me",
    ],
  },
  author: {
    scope: "article",
    examples: [
      "author",
      "byline",
      "who wrote this",
      "who wrote the article",
      "who wrote the story",
      "who is the author",
      "who is the writer",
      "who is the reporter",
      "who is the journalist",
      "who reported this",
      "whose article is this",
      "who authored the piece",
      "writer of the article",
    ],
  },
  authorBio: {
    scope: "article",
    examples: [
      "who is {author}",
      "tell me about {author}",
      "about the author",
      "author bio",
      "author background",
      "the author's background",
      "what does the author cover",
      "what does the author usually write about",
      "what is the author's beat",
      "the author's expertise",
      "what is the author's job",
      "is the author still at {outlet}",
      "does the author still work at {outlet}",
      "does {author} cover tech",
      "what is {author}'s role",
    ],
  },
  outlet: {
    scope: "article",
    examples: [
      "outlet",
      "which outlet",
      "what publication",
      "which publication is this",
      "where was this published",
      "who published this",
      "which site published it",
      "what website is this from",
      "which newspaper",
      "what news source",
      "where is the article from",
      "is this from {outlet}",
    ],
  },
  published: {
    scope: "article",
    examples: [
      "publication date",
      "when was it published",
      "when was the article published",
      "when was this written",
      "when did the story come out",
      "what year is the article from",
      "how old is the article",
      "date of the article",
      "when did {author} write it",
    ],
  },
  updated: {
    scope: "article",
    examples: [
      "when was it updated",
      "when was the article updated",
      "last updated",
      "update time",
      "time of the update",
      "date of the update",
      "when was it last changed",
      "update timestamp",
    ],
  },
  change: {
    scope: "article",
    examples: [
      "what was updated",
      "what does the update say",
      "what did the update add",
      "what was added later",
      "the update note",
      "was there a correction",
    ],
  },
  firstReported: {
    scope: "article",
    examples: [
      "who broke the news",
      "who reported it first",
      "who first reported the letter",
      "who had the scoop",
      "original source of the story",
      "where did the story first appear",
      "which outlet reported it first",
      "who revealed the letter first",
      "who got the story first",
    ],
  },
  headline: {
    scope: "article",
    examples: [
      "headline",
      "title",
      "what is the headline",
      "what is the title",
      "title of the article",
      "what is the article called",
      "what is the story called",
    ],
  },
  subtitle: {
    scope: "article",
    examples: [
      "subtitle",
      "subheadline",
      "subhead",
      "dek",
      "what is the subtitle",
      "the line under the headline",
      "the text below the title",
    ],
  },
  readingTime: {
    scope: "article",
    examples: [
      "reading time",
      "read time",
      "how long to read",
      "how long is the article",
      "how many minutes is it",
      "is it a long read",
      "length of the article",
    ],
  },
  photo: {
    scope: "article",
    examples: [
      "photo credit",
      "image credit",
      "picture credit",
      "who took the photo",
      "who took the picture",
      "who shot the photo",
      "photographer",
      "who is the photographer",
      "where is the photo from",
      "whose photo is it",
      "credit for the image",
    ],
  },
  caption: {
    scope: "article",
    examples: [
      "caption",
      "caption text",
      "photo caption",
      "image caption",
      "what is in the photo",
      "what does the picture show",
      "description of the image",
    ],
  },
  fullText: {
    scope: "letter",
    examples: [
      "full letter",
      "full text of the letter",
      "is the full letter included",
      "can i read the whole letter",
      "where can i read the letter",
      "is the letter published in full",
      "is the entire letter there",
      "is the letter quoted in full or in part",
      "link to the letter",
    ],
  },
  opening: {
    scope: "letter",
    examples: [
      "how does the letter start",
      "how does it open",
      "first line of the letter",
      "opening line",
      "opening words",
      "the first sentence of the letter",
      "greeting",
      "salutation",
      "beginning of the letter",
    ],
  },
  closing: {
    scope: "letter",
    examples: [
      "how does the letter end",
      "how does it close",
      "how do they finish the letter",
      "last line of the letter",
      "closing line",
      "closing words",
      "final sentence",
      "last words",
      "how do they sign off",
      "conclusion of the letter",
      "end of the letter",
    ],
  },
  articleOpening: {
    scope: "article",
    examples: [
      "how does the article start",
      "how does the story begin",
      "first sentence of the article",
      "the lede",
      "opening of the story",
    ],
  },
  articleClosing: {
    scope: "article",
    examples: [
      "how does the article end",
      "how does the story end",
      "last sentence of the article",
      "end of the story",
    ],
  },
  demandsIntro: {
    scope: "letter",
    examples: [
      "what introduces the demands",
      "how are the demands introduced",
      "the line before the demands",
      "what comes right before the list",
      "how do they introduce the list",
      "what leads into the demands",
      "the sentence before the bullets",
    ],
  },
  addressee: {
    scope: "letter",
    examples: [
      "who is the letter to",
      "who is the letter addressed to",
      "who is it addressed to",
      "who did they write to",
      "who did they send it to",
      "who was the letter sent to",
      "who received the letter",
      "recipient of the letter",
      "who is the letter for",
    ],
  },
  sender: {
    scope: "letter",
    examples: [
      "who wrote the letter",
      "who is the letter from",
      "who sent the letter",
      "authors of the letter",
      "who are the letter writers",
      "who is behind the letter",
      "who is it from",
    ],
  },
  help: {
    scope: "bot",
    examples: [
      "help",
      "what can you do",
      "how do i use you",
      "how does this bot work",
      "commands",
      "what commands are there",
      "what can i ask",
      "what can i ask you",
      "usage",
    ],
  },
  elsewhere: {
    scope: "elsewhere",
    examples: [
      "tell me a joke",
      "write me a poem",
      "write a haiku",
      "write some code",
      "write a python function",
      "translate this into spanish",
      "translate something",
      "recommend a movie",
      "recommend a restaurant",
      "recommend something",
      "what is the weather",
      "weather forecast",
      "bitcoin price",
      "stock price",
      "lottery numbers",
      "who won the game",
      "sports scores",
      "a recipe for dinner",
      "directions to the airport",
      "order me food",
      "set a reminder",
      "book a meeting",
      "help me with my homework",
    ],
  },
  chat: {
    scope: "bot",
    examples: [
      "hi",
      "hello there",
      "good morning",
      "good evening",
      "thanks",
      "thank you",
      "cool",
      "nice",
      "great",
      "ok",
      "test",
      "are you there",
      "who are you",
      "are you a bot",
      "how are you",
    ],
  },
};

/** Ordinal words and the place in a list each names; negative places count from the end. */
export const ORDINALS: ReadonlyMap<string, number> = new Map([
  ["first", 1],
  ["1st", 1],
  ["one", 1],
  ["1", 1],
  ["second", 2],
  ["2nd", 2],
  ["two", 2],
  ["2", 2],
  ["third", 3],
  ["3rd", 3],
  ["three", 3],
  ["3", 3],
  ["fourth", 4],
  ["4th", 4],
  ["four", 4],
  ["4", 4],
  ["fifth", 5],
  ["5th", 5],
  ["five", 5],
  ["5", 5],
  ["last", -1],
  ["final", -1],
]);

/** Nouns for one item of the demands list. */
export const LIST_ITEM_WORDS = [
  "demand",
  "demands",
  "bullet",
  "bullets",
  "point",
  "points",
  "item",
  "items",
  "ask",
  "asks",
  "request",
  "requests",
  "thing",
  "things",
  "one",
];
