import WorkjetCLI
