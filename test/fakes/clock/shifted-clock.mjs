/**
 * Preloaded into a bot process (`node --import`) by tests that let simulated days pass: the
 * process's clock reads real time plus an offset in milliseconds, which it reads from the file
 * `LETTERBOT_TEST_CLOCK_FILE` names and re-reads every few milliseconds. A test moves every process
 * it started through the same days at once by rewriting that file. Timers keep real time.
 */
import { readFileSync } from "node:fs";

/** How often the offset is re-read, in ms. */
const REFRESH_MS = 10;

const file = process.env.LETTERBOT_TEST_CLOCK_FILE;
if (file) {
  const RealDate = Date;
  let offset = 0;
  const refresh = () => {
    try {
      offset = Number(readFileSync(file, "utf8")) || 0;
    } catch {
      // A file being rewritten this instant: keep the last offset.
    }
  };
  refresh();
  setInterval(refresh, REFRESH_MS).unref();
  /** `new Date()` and `Date.now()` are shifted; a date built from a value is that value. */
  class ShiftedDate extends RealDate {
    /** @param {...(string | number | Date)} args */
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      // @ts-expect-error -- forwards whatever form of the constructor the caller used
      else super(...args);
    }

    /** @override */
    static now() {
      return RealDate.now() + offset;
    }
  }
  Object.defineProperty(globalThis, "Date", { value: ShiftedDate, writable: true, configurable: true });
}
