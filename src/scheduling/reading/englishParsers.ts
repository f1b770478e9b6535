/**
 * chrono-node's casual English, extended with parsers for forms it misreads on its own (each one
 * found wrong by the corpus in test/fixtures/meeting-times/): minutes relative to the hour, an hour
 * with a part of the day, days counted from a day, a day of the month without a month, an ordinal
 * weekday of a month, an ISO date after a number. The parsers give plain wall-clock fields; the
 * day they count from is the user's own today, passed in.
 */
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';

/** The user's calendar day, in their zone. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

type Fields = Partial<Record<chrono.Component, number>>;

/**
 * The tag on every reading made (or merged) with one of these parsers: the caller trusts it without
 * Recognizers-Text's second opinion, which the corpus measured wrong on exactly these forms.
 */
export const OWN_PARSER_TAG = 'parser/meetingTime';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const WEEKDAY = String.raw`(mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)`;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const SMALL_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, twenty: 20, 'twenty five': 25, 'twenty-five': 25, quarter: 15, 'a quarter': 15, half: 30,
};
const NUMBER_WORD = String.raw`(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)`;
const MINUTE_WORD = String.raw`(?:a\s+quarter|quarter|half|twenty[\s-]five|twenty|fifteen|ten|five|\d{1,2})`;
const HOUR_WORD = String.raw`(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)`;
const MERIDIEM = String.raw`(?:\s*(a\.?m\.?|p\.?m\.?))?`;
const END = String.raw`(?=$|[^\w])`;

function numberOf(word: string): number {
  const key = word.toLowerCase().replace(/\s+/g, ' ');
  return SMALL_NUMBERS[key] ?? Number(key);
}

function weekdayIndex(word: string): number {
  return WEEKDAYS.findIndex((name) => name.startsWith(word.toLowerCase().slice(0, 3)));
}

/** Calendar arithmetic on a civil date: in UTC, where no day is longer or shorter than another. */
function civil(date: CivilDate): DateTime {
  return DateTime.fromObject(date, { zone: 'utc' });
}

function dateFields(date: DateTime): Fields {
  return { year: date.year, month: date.month, day: date.day };
}

/** 24-hour clock from an hour as said and its am/pm, if any (null hour when am/pm makes it impossible). */
function withMeridiem(hour: number, meridiem: string | undefined): Fields | null {
  if (!meridiem) return hour <= 23 ? { hour } : null;
  if (hour < 1 || hour > 12) return null;
  const pm = meridiem.toLowerCase().startsWith('p');
  return { hour: (hour % 12) + (pm ? 12 : 0), meridiem: pm ? chrono.Meridiem.PM : chrono.Meridiem.AM };
}

/** The first day on or after `from` that is the given weekday (0 = Monday). */
function onOrAfter(from: DateTime, weekday: number): DateTime {
  return from.plus({ days: (weekday + 7 - (from.weekday - 1)) % 7 });
}

/** "a quarter past 3pm", "half past 9", "twenty after 3pm", "ten to noon", "a quarter of 5". */
function minutesAroundTheHour(): chrono.Parser {
  const pattern = new RegExp(
    String.raw`\b(${MINUTE_WORD})\s+(?:minutes?\s+)?(past|after|to|till|til|before|of)\s+(${HOUR_WORD}|noon|midnight)(?:\s*o'?clock)?${MERIDIEM}${END}`,
    'i',
  );
  return {
    pattern: () => pattern,
    extract: (_context, match) => {
      const minutes = numberOf(match[1]!);
      const before = !/^(?:past|after)$/i.test(match[2]!);
      if (minutes < 1 || minutes > 59 || (before && /half/i.test(match[1]!))) return null;
      const target = match[3]!.toLowerCase();
      let fields: Fields | null;
      if (target === 'noon') fields = { hour: 12, meridiem: chrono.Meridiem.PM };
      else if (target === 'midnight') fields = before ? { hour: 24 } : { hour: 0, meridiem: chrono.Meridiem.AM };
      else fields = withMeridiem(numberOf(target), match[4]);
      if (!fields || fields.hour === undefined) return null;
      const total = fields.hour * 60 + (before ? -minutes : minutes);
      const hour = Math.floor(total / 60);
      const result: Fields = { hour, minute: total % 60 };
      // Without am/pm the hour stays open to the ambiguity check; with it, the result is certain.
      if (fields.meridiem !== undefined) result.meridiem = hour >= 12 ? chrono.Meridiem.PM : chrono.Meridiem.AM;
      return result;
    },
  };
}

const PART_OF_DAY: Record<string, { from: number; to: number; add: number }> = {
  morning: { from: 5, to: 11, add: 0 },
  afternoon: { from: 12, to: 18, add: 12 },
  evening: { from: 16, to: 23, add: 12 },
  night: { from: 18, to: 23, add: 12 },
  tonight: { from: 18, to: 23, add: 12 },
};

/** "8 in the evening", "at 5 tomorrow afternoon", "7:30 tonight", "9 at night": the hour with its part of the day. */
function hourWithPartOfDay(today: CivilDate): chrono.Parser {
  const pattern = new RegExp(
    String.raw`\b(\d{1,2})(?::(\d{2}))?(?:\s*o'?clock)?\s+(?:(today|tomorrow|tonight)\s+)?(?:(?:in\s+the|this|at)\s+)?(morning|afternoon|evening|night|tonight)?${END}`,
    'i',
  );
  return {
    pattern: () => pattern,
    extract: (_context, match) => {
      const part = (match[4] ?? (match[3]?.toLowerCase() === 'tonight' ? 'tonight' : undefined))?.toLowerCase();
      if (!part) return null;
      const range = PART_OF_DAY[part]!;
      const said = Number(match[1]);
      if (said < 1 || said > 12) return null;
      const hour = said === 12 ? 12 : said + (said + range.add >= range.from && said + range.add <= range.to ? range.add : 0);
      if (hour < range.from || hour > range.to) return null;
      const fields: Fields = { hour, minute: Number(match[2] ?? 0), meridiem: hour >= 12 ? chrono.Meridiem.PM : chrono.Meridiem.AM };
      if (match[3]?.toLowerCase() === 'tomorrow') Object.assign(fields, dateFields(civil(today).plus({ days: 1 })));
      if (match[3]?.toLowerCase() === 'today' || match[3]?.toLowerCase() === 'tonight') Object.assign(fields, dateFields(civil(today)));
      return fields;
    },
  };
}

/** "day after tomorrow", "a week from tomorrow", "2 weeks from today", "3 days from friday". */
function daysFromADay(today: CivilDate): chrono.Parser {
  const pattern = new RegExp(
    String.raw`\b(?:(?:the\s+)?day\s+after\s+tomorrow|(${NUMBER_WORD})\s+(days?|weeks?)\s+(?:from|after)\s+(today|tomorrow|${WEEKDAY})|in\s+(${NUMBER_WORD})\s+(days?|weeks?))${END}`,
    'i',
  );
  return {
    pattern: () => pattern,
    extract: (_context, match) => {
      const base = civil(today);
      if (match[5]) return dateFields(base.plus({ days: numberOf(match[5]) * (/^w/i.test(match[6]!) ? 7 : 1) }));
      if (!match[1]) return dateFields(base.plus({ days: 2 }));
      const count = numberOf(match[1]);
      const days = count * (/^w/i.test(match[2]!) ? 7 : 1);
      const from = match[3]!.toLowerCase();
      const start = from === 'today' ? base : from === 'tomorrow' ? base.plus({ days: 1 }) : onOrAfter(base.plus({ days: 1 }), weekdayIndex(from));
      return dateFields(start.plus({ days }));
    },
  };
}

/** "on the 15th", "the 1st", "20th of next month", "next month on the 5th", "Tuesday the 19th": the next such day. */
function dayOfMonth(today: CivilDate): chrono.Parser {
  const pattern = new RegExp(
    String.raw`\b(?:(this|next)\s+month\s+)?(?:on\s+)?(?:${WEEKDAY},?\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)(?:\s+of\s+(this|next)\s+month)?(?!\s+(?:of\s+)?${MONTH})${END}`,
    'i',
  );
  return {
    pattern: () => pattern,
    extract: (_context, match) => {
      const day = Number(match[3]);
      const which = (match[1] ?? match[4])?.toLowerCase();
      const base = civil(today);
      let month = base.startOf('month');
      if (which === 'next') month = month.plus({ months: 1 });
      else if (!which && day < base.day) month = month.plus({ months: 1 });
      const date = month.set({ day });
      // Luxon clamps no day: an impossible one ("the 31st" in a 30-day month) reads as nothing.
      if (!date.isValid || date.day !== day || date.month !== month.month) return null;
      // "Tuesday the 19th": the weekday is kept, for the caller to hold against the date.
      return match[2] ? { ...dateFields(date), weekday: (weekdayIndex(match[2]) + 1) % 7 } : dateFields(date);
    },
  };
}

const ORDINALS: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, last: -1 };

/** "second wednesday of october", "the last friday of next month": this year's, or next year's if past. */
function ordinalWeekdayOfMonth(today: CivilDate): chrono.Parser {
  const pattern = new RegExp(
    String.raw`\b(?:the\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|last)\s+${WEEKDAY}\s+(?:of|in)\s+(?:${MONTH}|(this|next)\s+month)${END}`,
    'i',
  );
  return {
    pattern: () => pattern,
    extract: (_context, match) => {
      const ordinal = ORDINALS[match[1]!.toLowerCase()]!;
      const weekday = weekdayIndex(match[2]!);
      const base = civil(today);
      const nth = (month: DateTime): DateTime => {
        if (ordinal > 0) return onOrAfter(month.startOf('month'), weekday).plus({ weeks: ordinal - 1 });
        const last = month.endOf('month').startOf('day');
        return last.minus({ days: (last.weekday - 1 - weekday + 7) % 7 });
      };
      if (match[4]) return dateFields(nth(base.plus({ months: match[4].toLowerCase() === 'next' ? 1 : 0 })));
      const monthIndex = MONTHS.indexOf(match[3]!.toLowerCase().slice(0, 3)) + 1;
      const thisYear = nth(base.set({ month: monthIndex, day: 1 }));
      return dateFields(thisYear < base ? nth(base.set({ month: monthIndex, day: 1 }).plus({ years: 1 })) : thisYear);
    },
  };
}

/** "2026-12-03 10:00" read whole, so a number before it ("Bench 24 2026-12-03") stays in the topic. */
function isoDateTime(): chrono.Parser {
  const pattern = /\b(\d{4})-(\d{2})-(\d{2})(?:(?:T|\s+(?:at\s+)?)(\d{1,2}):(\d{2}))?(?![\w:-])/i;
  return {
    pattern: () => pattern,
    extract: (_context, match) => {
      const fields: Fields = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
      if (match[4] !== undefined) Object.assign(fields, { hour: Number(match[4]), minute: Number(match[5]) });
      return civil({ year: fields.year!, month: fields.month!, day: fields.day! }).isValid ? fields : null;
    },
  };
}

/** "at 12 15": an hour and its minutes with a space between. */
function hourSpaceMinutes(): chrono.Parser {
  const pattern = new RegExp(String.raw`\bat\s+(\d{1,2})\s+([0-5]\d)${MERIDIEM}${END}`, 'i');
  return {
    pattern: () => pattern,
    extract: (_context, match) => {
      const fields = withMeridiem(Number(match[1]), match[3]);
      return fields && { ...fields, minute: Number(match[2]) };
    },
  };
}

/** "tmrw", "tmr": tomorrow as typed in chat. */
function chatTomorrow(today: CivilDate): chrono.Parser {
  const pattern = new RegExp(String.raw`\b(?:tmrw|tmr|tmw|tomorow|tommorow|tommorrow)${END}`, 'i');
  return { pattern: () => pattern, extract: () => dateFields(civil(today).plus({ days: 1 })) };
}

/** "friday after next", "3 fridays from now", "next week tuesday", "tuesday next week", "tues", "thurs". */
function countedWeekday(today: CivilDate): chrono.Parser {
  const pattern = new RegExp(
    String.raw`\b(?:${WEEKDAY}\s+after\s+next|(${NUMBER_WORD})\s+${WEEKDAY}s\s+from\s+(?:now|today)|next\s+week\s+(?:on\s+)?${WEEKDAY}|${WEEKDAY}\s+(?:of\s+)?next\s+week|(tues|thurs?|weds))${END}`,
    'i',
  );
  return {
    pattern: () => pattern,
    extract: (_context, match) => {
      const base = civil(today);
      const coming = (word: string) => onOrAfter(base.plus({ days: 1 }), weekdayIndex(word));
      if (match[1]) return dateFields(coming(match[1]).plus({ weeks: 1 }));
      if (match[2]) return dateFields(coming(match[3]!).plus({ weeks: numberOf(match[2]) - 1 }));
      const nextWeek = match[4] ?? match[5];
      if (nextWeek) return dateFields(base.startOf('week').plus({ weeks: 1, days: weekdayIndex(nextWeek) }));
      return { ...dateFields(onOrAfter(base.plus({ days: 1 }), weekdayIndex(match[6]!))), weekday: (weekdayIndex(match[6]!) + 1) % 7 };
    },
  };
}

/** "2-15", "15/11": a month and day that can only be read one way (one number is over 12). */
function unambiguousMonthDay(today: CivilDate): chrono.Parser {
  const pattern = /\b(\d{1,2})[-/](\d{1,2})(?![\w/.-])/i;
  return {
    pattern: () => pattern,
    extract: (_context, match) => {
      const [a, b] = [Number(match[1]), Number(match[2])];
      if ((a > 12) === (b > 12)) return null;
      const [month, day] = a > 12 ? [b, a] : [a, b];
      const base = civil(today);
      const thisYear = base.set({ month, day });
      if (!thisYear.isValid || thisYear.day !== day) return null;
      return dateFields(thisYear < base ? thisYear.plus({ years: 1 }) : thisYear);
    },
  };
}

/** Each parser's readings carry OWN_PARSER_TAG. */
function tagged(parser: chrono.Parser): chrono.Parser {
  return {
    pattern: parser.pattern,
    extract: (context, match) => {
      const fields = parser.extract(context, match) as Fields | null;
      return fields && context.createParsingComponents(fields).addTag(OWN_PARSER_TAG);
    },
  };
}

/** A chrono that knows the forms above, counting days from the user's `today`. */
export function englishChrono(today: CivilDate): chrono.Chrono {
  const reader = chrono.casual.clone();
  const own = [
    minutesAroundTheHour(),
    hourSpaceMinutes(),
    hourWithPartOfDay(today),
    chatTomorrow(today),
    daysFromADay(today),
    countedWeekday(today),
    dayOfMonth(today),
    ordinalWeekdayOfMonth(today),
    unambiguousMonthDay(today),
    isoDateTime(),
  ];
  // First, so that where one of them and a built-in parser read the same words, theirs is the one kept.
  reader.parsers.unshift(...own.map(tagged));
  return reader;
}
