return Hull.Cli.Entry.Run(args);
