import WorkjetCLI

// Before any task exists: the executor can only be replaced while nothing runs on it.
WorkjetCommand.prepareExecutor()
await WorkjetCommand.start()
