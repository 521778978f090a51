// Preloaded into every child the launcher starts (web server, workers). The launcher talks to them
// over an IPC channel; if the launcher dies, even by kill -9, the channel closes and the child exits
// instead of living on as an orphan that holds the port.
if (typeof process.send === "function") {
  process.on("disconnect", () => process.exit(0));
}
