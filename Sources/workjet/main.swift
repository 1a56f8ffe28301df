import WorkjetCLI

await WorkjetCommand.main()
