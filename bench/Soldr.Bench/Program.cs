using Soldr.Bench;

// One executable, one sub-command per job bench/run.sh cannot do with wrk. Results are printed as
// KEY=value lines so the script can read them without a JSON parser.
return args.Length == 0 ? Commands.Usage() : await Commands.RunAsync(args[0], Arguments.Parse(args.AsSpan(1)));
