/**
 * The project's own word lists, in one place. Everything general (stop words, stemming,
 * parts of speech, dates, entities, synonyms and antonyms) comes from libraries; what is
 * left here is what those libraries do not know: how a question's wording says what kind
 * of answer it wants, which words state a change of direction, and how numbers are
 * written. None of it is about any particular document collection.
 */

/** Kinds of things an answer can be, as the entity layer labels spans of text. */
export type EntityType = 'person' | 'org' | 'place' | 'name' | 'date' | 'time' | 'duration' | 'money' | 'percent' | 'number' | 'email' | 'phone' | 'web';

/**
 * Question openings and the answer types they ask for. Tried in order; the first match
 * wins. `which/what + noun` is decided by the noun (see NOUN_TYPES).
 */
export const QUESTION_TYPES: Array<[RegExp, EntityType[]]> = [
  [/\bwhat time\b|\bat what hour\b/i, ['time']],
  // "When did it open?" asks when in the past something happened: a date, not a time of day.
  [/^\s*(?:(?:and|so|but)\s+)?when (?:did|was|were|had)\b/i, ['date']],
  // A year or a month is a date of the calendar, not a time of day or a length of time.
  [/\b(?:what|which) (?:year|month)\b/i, ['date']],
  [/\b(?:what|which) (?:date|day)\b|\bsince when\b|\bby when\b|\buntil when\b|^\s*(?:(?:and|so|but)\s+)?when\b|\bwhen (?:is|was|will|did|does|do|are|were)\b/i, ['date', 'time', 'duration']],
  [/\bhow long\b/i, ['duration', 'number', 'date']],
  // "What does it cost…", "how much do members pay…": the verb asks for a sum.
  [/\b(?:what|how much) (?:do|does|did|will|would|might|could|should|must)\b[^?.,;]*?\b(?:cost|pay|charge|spend)\b/i, ['money', 'number']],
  [/\bhow (?:much|big|large|expensive)\b|\bwhat (?:is |was )?the (?:cost|price|budget|amount|value|size)\b/i, ['money', 'number', 'percent', 'duration']],
  [/\bhow (?:many|often)\b|\bwhat (?:is |was )?the (?:number|count)\b/i, ['number', 'duration']],
  [/\bwhat (?:percentage|percent|share|proportion|fraction)\b|\bby how much\b/i, ['percent', 'number', 'money']],
  // Ways to get in touch: an address to write to, a number to call, a site to visit.
  [/\be-?mail address(?:es)?\b|\b(?:what|which)(?:['’]s| is| was)? (?:the |an? |their |its |his |her )?e-?mail\b|\be-?mail (?:for|of|to)\b|\bhow (?:do|can|should|would) (?:i|we|you|they) e-?mail\b/i, ['email']],
  [/\b(?:tele)?phone numbers?\b|\b(?:contact|fax) numbers?\b|\b(?:help|hot)lines?\b|\bnumber (?:to|do i|should i|can i) (?:call|ring|phone)\b|\bhow (?:do|can|should|would) (?:i|we|you|they) (?:call|phone|ring)\b|\b(?:tele)?phone\W*$/i, ['phone']],
  [/\bweb ?(?:site|address|page)s?\b|\burls?\b/i, ['web']],
  [/\bhow (?:do|can|should|would) (?:i|we|you|they) (?:contact|reach|get in touch with)\b|\bcontact details\b/i, ['phone', 'email', 'web']],
  // "Where does India rank?" asks for a position, not a place.
  [/\bwhere (?:do|does|did|will|would) .*\b(?:rank|stand|fit|fall|place)\b/i, []],
  [/\bwhere\b/i, ['place', 'name']],
  [/^\s*(?:(?:and|so|but)\s+)?(?:who|whom|whose)\b|\bwho (?:is|was|are|were|will|did|does|asked|answered|signed|leads?|heads?|published|wrote)\b/i, ['person', 'org', 'name']],
];

/** `which X` / `what X`: the noun says the kind of answer. Nouns not listed set no type. */
export const NOUN_TYPES: Array<[RegExp, EntityType[]]> = [
  [/^(?:city|cities|state|states|country|countries|town|towns|place|places|location|locations|region|regions|venue|port|island)$/i, ['place']],
  [/^(?:company|companies|firm|firms|organi[sz]ation|organi[sz]ations|agency|agencies|ministry|ministries|body|bodies|university|universities|institution|institutions|department|departments|manufacturer|supplier|partner|partners|group)$/i, ['org', 'name', 'place']],
  [/^(?:person|people|minister|official|officials|leader|leaders|president|chief|head|member|members|astronaut|employee|manager|officer|contact|author|speaker)$/i, ['person', 'name']],
  [/^(?:year|date|dates|month|day|deadline)$/i, ['date']],
  // A number of a unit of time is a length of time as often as a date: "response working days".
  [/^(?:years|months|weeks|days|hours|minutes)$/i, ['duration', 'date', 'number']],
  [/^(?:money|cash|funds|funding|sum|amount)$/i, ['money', 'number']],
  [/^(?:number|count|total)$/i, ['number']],
  [/^(?:percentage|percent|share|proportion)$/i, ['percent', 'number']],
  [/^(?:time|hour|hours)$/i, ['time', 'duration']],
  [/^(?:e-?mail|e-?mails)$/i, ['email']],
  [/^(?:website|websites|url|urls)$/i, ['web']],
];

/**
 * Meanings in WordNet under which the noun a question asks for may fall, and the kinds of
 * answer it then asks for: "the fee", "the fare", "the price" ask for money, "the rate"
 * for a share, "the supervisor" for a person. Consulted when neither list above speaks.
 */
export const MEANING_TYPES: Array<[string[], EntityType[]]> = [
  [['monetary value', 'cost', 'money', 'charge', 'payment'], ['money', 'number']],
  [['magnitude relation'], ['percent', 'number', 'money']],
  [['person'], ['person', 'name']],
  [['organization'], ['org', 'name', 'place']],
];

/** The kind of unit, as WordNet files units, of a sum asked for: a bare figure answers "what does it cost" only in one ("25 pounds"). */
export const MONETARY_UNIT = 'monetary unit';

/**
 * Questions after a measure of one dimension, the kind of unit (as WordNet files units) a
 * figure answering them is written in, and the kinds of answer they take: "how much does
 * it weigh" is not answered by "30 frames per second", though that is a figure. Only words
 * that name the dimension and nothing else: "capacity" may be counted in seats, "area"
 * may be a place, "how long" a time.
 */
export const MEASURE_QUESTIONS: Array<[RegExp, string, EntityType[]]> = [
  [/\bweigh(?:s|ed|ing)?\b|\bweights?\b|\bhow heavy\b/i, 'mass unit', ['number']],
  // A distance may be given as the time it takes ("ten minutes' walk").
  [/\bhow (?:far|tall|wide|deep)\b|\b(?:distance|height|width|depth)\b/i, 'linear unit', ['number', 'duration']],
];

/** Auxiliaries that open a yes/no question ("Does TRUST cover quantum?"). */
export const YES_NO_OPENERS = /^\s*(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|shall|may|might|must|isn['’]t|aren['’]t|wasn['’]t|doesn['’]t|didn['’]t|won['’]t)\b/i;

/** Words that open a question of any kind. */
export const QUESTION_OPENERS = /^\s*(?:(?:and|so|but|also|ok(?:ay)?|well)[,\s]+)?(?:what|which|who|whom|whose|when|where|why|how|whats|what['’]s|is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|tell|list|name|give|describe|explain|show|please)\b/i;

/**
 * "Do the handbook and Policy Note 14 agree on X?", "do the report and the minutes give the
 * same figure for X": two things compared, and what they are compared on. They are sources
 * when one names a kind of document or words of a document's title (see `comparesDocuments`
 * in analyze.ts).
 */
export const COMPARED_SOURCES = /^\s*(?:do|does|did)\s+(?<compared>.{3,120}?\s(?:and|&)\s.{1,120}?)\s+(?:agree|disagree|differ|match|tally|(?:give|say|state|report|show|list|quote)\s+the\s+same)\b\s*(?:on|about|over|regarding|as to|whether|for|in)?\s*/i;

/** "Is the charity number the same in the brochure and the accounts?": the things compared come last. */
export const SAME_IN_SOURCES = /\s+(?:the\s+same|consistent|identical|different)\s+(?:in|across|between)\s+(?<compared>[^?]{2,120}?\s(?:and|&)\s[^?]{1,120}?)\s*\??\s*$/i;

/** "Do the sources agree on X?", "What do the different documents say about X?" */
export const AGREEMENT_QUESTION =
  /\b(?:agree|disagree|differ|differs|different|consistent|inconsistent|contradict|conflict|same)\b.*\b(?:sources?|documents?|reports?|texts?|articles?)\b|\b(?:sources?|documents?|reports?|articles?)\b.*\b(?:agree|disagree|differ|consistent|contradict|conflict)\b|\bwhat do (?:the )?(?:different |various |other )?(?:sources?|documents?|reports?|articles?) say\b|\bdo (?:all )?(?:the )?(?:sources?|documents?) (?:say|give|use)\b/i;

/** Words that ask about a document itself rather than what it says. */
export const DOCUMENT_WORDS =
  /\b(?:title[sd]?|publish(?:ed|er|es)?|author(?:ed|s)?|wrote|written|dateline|source url|byline|issued|released by|who (?:asked|answered|tabled)|date of (?:the )?(?:document|article|fact sheet|report|question|answer)|c[oa]me out|brought out|(?:last )?updated|revised|compiled|put together|drafted|took (?:the )?minutes|minutes (?:were |was )?(?:taken|recorded)|minute[- ]?taker)\b/i;

/**
 * Words of a question that only shape it ("what does the document say about…"): an
 * answer need not contain them.
 */
export const QUESTION_FRAME_WORDS = new Set(
  ('what which who whom whose when where why how much many long often far does do did say says said tell mention mentioned describe explain list give name ' +
    'kind type according document documents source sources text article articles fact sheet mean meaning happen happened exactly please show know ' +
    'main key one whats whos hows wheres whens can could would you me about regarding details detail information info question answer')
    .split(' '),
);

/**
 * Function words dropped from search terms: articles, prepositions, conjunctions,
 * auxiliaries and pronouns. A library list was measured instead (`stopword`'s English
 * list, 108 words): it also drops "between", "before", "since", "never", "all", "many",
 * "take" and "make", and the rank of the first passage holding the answer fell (MRR
 * 0.896 → 0.854 on one test corpus, 0.900 → 0.867 on another), so this closed list
 * stays. "us" is deliberately not here: in writing about countries it is far more often
 * the United States than the pronoun.
 */
export const STOP_WORDS = new Set(
  ('a an and are as at be been being but by can could did do does for from had has have how i if in into is it its ' +
    'of on or our so than that the their them then there these they this those to was were what when where which ' +
    'while who whom whose why will with would you your about after also any both each more most other over such ' +
    'under up very we not no nor only own same too just should cannot s t')
    .split(' '),
);

/**
 * Lemmas that state a rise or a fall, and comparatives of size (the lemmatiser turns
 * "bigger" into "big", which states neither). A verb with its particle counts when its
 * first WordNet sense holds one of these ("go down" is to fall).
 */
export const UP_WORDS = new Set('increase raise rise grow expand gain surge jump boost double hike climb soar widen up higher larger bigger greater longer more strengthen accelerate'.split(' '));
export const DOWN_WORDS = new Set('decrease decline fall drop reduce cut lower shrink halve slash narrow down less fewer smaller shorter weaken slow'.split(' '));
/** The comparatives among them: a change only when compared with an earlier time, or with nothing. */
export const COMPARATIVES = new Set('higher larger bigger greater longer more lower smaller shorter fewer less'.split(' '));

/** Auxiliaries spelt otherwise before "n't" ("can't", "won't", "shan't"): that spelling → the word. */
export const HOST_BEFORE_NOT: Record<string, string> = { ca: 'can', wo: 'will', sha: 'shall' };

/** Words that negate the statement they are in. "not only" is not a negation. */
export const NEGATION_CUES = /\b(?:not|no|never|none|neither|nor|without|cannot|lacks?|lacking)\b|n['’]t\b/i;

/**
 * The pronouns that deny what their clause says of them as its subject ("Nobody may swim
 * alone"); as an object they deny only an amount ("it costs nothing" is "it is free").
 */
export const NEGATIVE_PRONOUNS = new Set(['nobody', 'nothing', 'nowhere', 'no-one']);

export const NOT_A_NEGATION = /\bnot only\b|\bno(?:t)? (?:longer|less|later|fewer|more|earlier|sooner|\w+er) than\b|\bno\.\s?\d/gi;

/**
 * Plurals that are other words than their singular, which lemmatisers leave as they are
 * and WordNet files apart: "people" is a group, not a kind of "person", so "how many
 * people finished" would not be counted by "11,106 finishers" (a finisher is a person).
 */
export const SINGULAR_OF: Readonly<Record<string, string>> = { people: 'person' };

/** Number words, with their values: the one table of them in the project. */
export const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, dozen: 12, both: 2,
  // Counts of times ("once" is left out: it is also a conjunction).
  twice: 2, thrice: 3,
};

/** Scale words and their multipliers, including the Indian lakh and crore. */
export const SCALE_WORDS: Record<string, number> = {
  hundred: 1e2, thousand: 1e3, lakh: 1e5, lakhs: 1e5, million: 1e6, crore: 1e7, crores: 1e7, billion: 1e9, trillion: 1e12,
  mn: 1e6, bn: 1e9, k: 1e3,
};

/** Ordinal words for ranks ("second-largest"). */
export const ORDINAL_WORDS: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, '1st': 1, '2nd': 2, '3rd': 3, '4th': 4, '5th': 5 };

/** Words after a number that make it a duration ("six weeks", "90 days"). */
export const DURATION_UNITS = /^(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|decades?|nights?|fortnights?)$/i;

/**
 * Words that make the number after them an identifier, not an amount: "Building 7",
 * "Room 304", "extension 4411", "No. 1679", "error E17".
 */
export const IDENTIFIER_NOUNS = /^(?:building|room|floor|level|gate|pier|platform|berth|bay|unit|block|wing|suite|extension|ext|no|number|code|error|model|version|firmware|route|line|bus|flight|question|section|article|clause|chapter|page|item|step|table|figure|annex|appendix|phase|stage|pillar|mission|zone|terminal|door|desk|locker|ward|ticket|order|case|ref|reference|id)\.?$/i;

/** Month names, for dates the date parser leaves as bare months. */
export const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** "What does TRUST stand for?", "full form of TPF", "TRUST acronym": the abbreviation asked about. */
export const DEFINITION_QUESTION =
  /\bwhat (?:does|do|did|is) (?:the )?(?:acronym |abbreviation |term )?[“"']?([\p{L}\p{N}][\p{L}\p{N}.&-]*)[”"']? (?:stand|stands) for\b|\b([\p{L}\p{N}][\p{L}\p{N}.&-]*) (?:stands? for|full form|acronym|abbreviation)\b|\b(?:full form|expansion|long form|meaning) of (?:the )?(?:acronym |abbreviation )?[“"']?([\p{L}\p{N}][\p{L}\p{N}.&-]*)|\bwhat is (?:the )?[“"']?([\p{L}\p{N}][\p{L}\p{N}.&-]*)[”"']? short for\b/iu;
