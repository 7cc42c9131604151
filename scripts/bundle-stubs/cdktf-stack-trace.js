// Bundle-time stand-in for cdktf/lib/tokens/private/stack-trace.js (wired in scripts/build.js).
// cdktf calls captureStackTrace for every token it creates (Lazy, Intrinsic, computed lists), with
// Error.stackTraceLimit raised to infinity, and keeps the frames only to print them under
// "Object creation stack" if that token later fails to resolve. In a large synth that is a quarter
// of the time and much of the garbage. Synthesized output never contains them.
// CDKTF_STACK_TRACES=1 brings the real frames back, for anyone chasing a token error.
"use strict";

module.exports.captureStackTrace =
  process.env.CDKTF_STACK_TRACES === "1"
    ? require("cdktf/lib/tokens/private/stack-trace.js").captureStackTrace
    : function captureStackTrace() {
        return [];
      };
