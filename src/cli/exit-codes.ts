/**
 * The exit codes, one meaning each, so a script can tell "the design is unsafe" (1) from "my
 * file is wrong" (2) from "idemsim is broken" (70).
 */

/** A scenario's stated expectation did not hold; for hunt, a counterexample was found. */
export const EXIT_EXPECTATION_FAILED = 1;
/** Bad input: one line per problem on stderr. */
export const EXIT_BAD_INPUT = 2;
/** EX_SOFTWARE (sysexits.h): an internal error, a bug in idemsim rather than in the input. */
export const EXIT_INTERNAL_ERROR = 70;
/** 128 + SIGINT, as a shell reports a program stopped by Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

export const EXIT_CODES_HELP =
  'Exit codes:\n' +
  '  0    done\n' +
  "  1    a scenario's stated expectation did not hold (hunt: a counterexample was found;\n" +
  '       conform: a real server answered otherwise than the model)\n' +
  '  2    bad input: one line per problem on stderr\n' +
  '  70   internal error: a bug in idemsim; one line on stderr (the stack with --debug)\n' +
  '  130  Ctrl-C at a prompt (play)';
