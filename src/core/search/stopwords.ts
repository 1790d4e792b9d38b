/**
 * Words that carry no topic: function words, question words, and the verbs and nouns people
 * use to frame a question ("tell me", "what does the article say about"). They are dropped from
 * questions and passages alike, so "what is the" matches nothing by itself.
 */
const WORDS = `
a about above after all also am an and any anything are as at be because been before being below
between both but by can cannot could did do does doing done don dont down during each either else
even ever every few for from further had has have having he her here hers herself him himself his
how i if in into is it its itself just let lets me might mine more much must my myself no nor of
off on once only or other ought our ours ourselves out over own please same shall she should so
some something such than that the their theirs them themselves then there these they this those
through thing things to too under until up upon very was way we were what whats when where whether
which while who whom whose why will with would yes yet you your yours yourself yourselves
tell say says saying think thinks know knows mention mentions mentioned explain describe
article articles story stories piece text passage get gets getting happen happens happened
really actually exactly like okay ok hi hello hey thanks thank many
list everything show give name make makes making time times
not never according per regarding concerning specifically literally bit part stuff lot sort
whatever anyone someone somebody something etc exact take takes took taking want wants wanted
go goes going went gone come comes came coming put puts keep keeps kept seem seems become becomes
became quick quickly question sorry well behind beside besides within without across along around
among amongst toward towards via onto inside outside beyond throughout
`;

/** The stop words, lower case, with apostrophes removed. */
export const STOP_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));

/** Whether a folded word (or its lemma) carries no topic. */
export function isStopWord(norm: string, stem: string): boolean {
  return STOP_WORDS.has(norm) || STOP_WORDS.has(stem);
}
