// Preloaded into test servers (node --import): exit when the test process that started us goes
// away, even if it was killed before it could stop us (its end of our stdin pipe closes).
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
