import WorkjetCLI

await WorkjetCommand.start()
