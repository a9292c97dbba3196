namespace Soldr.Bench;

internal static class Commands
{
    public static int Usage()
    {
        Console.Error.WriteLine("""
            Usage: Soldr.Bench <command> [--option value ...]
              free-port [--count N]                       print N distinct free TCP ports on the loopback
              ceiling --port P                            a Kestrel endpoint that answers 202 at once
              durable-floor --port P                      the least a durable ingest does: insert the body, commit, 202
              receiver --port P [--delay-ms D]            a fast destination: answers 200, counts, times arrivals
                                                          (with a delay, a slow one: answers D ms after the body)
              seed --count N --webhook W [--state S] [--deliveries pending|delivered] [--age-days D] [--payload F]
                                                          binary COPY of saved requests (ConnectionStrings__soldr)
              sql --query Q                               print the first column of the first row
              wait-delivered --receiver URL --count N [--timeout-s T]
              http-loop --url URL --count N [--concurrency C] [--warmup N] [--payload F]
              delivery-floor --url URL --count N [--concurrency C] [--warmup N] [--payload F]
                                                          the loop plus the least durable queue work: claim, record
              soldr-queue --count N --sends loop|none [--url URL] [--concurrency C]
                                                          Soldr's claim and record statements on a saved backlog
                                                          (the worker paused), with the loop's sends or none
              hangfire-queue --url URL --count N [--concurrency C] [--payload F]
                                                          each delivery a Hangfire job (its own schema), drained by a
                                                          Hangfire server with C workers
              pace --url URL --rate R --seconds S [--payload F]
              pg-waits --seconds S                        what PostgreSQL's active statements wait on
            """);
        return 2;
    }

    public static async Task<int> RunAsync(string command, Arguments args)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });

        switch (command)
        {
            case "free-port":
                Console.WriteLine(FreePort.Get(args.Int("count", 1)));
                return 0;
            case "ceiling":
                await CeilingServer.RunAsync(args.Int("port"), stop.Token);
                return 0;
            case "durable-floor":
                await DurableFloor.RunAsync(args.Int("port"), stop.Token);
                return 0;
            case "receiver":
                await Receiver.RunAsync(args.Int("port"), TimeSpan.FromMilliseconds(args.Int("delay-ms", 0)), stop.Token);
                return 0;
            case "seed":
                await Seeder.RunAsync(args, stop.Token);
                return 0;
            case "sql":
                await Sql.RunAsync(args.Text("query"), stop.Token);
                return 0;
            case "wait-delivered":
                return await DeliveryWatch.RunAsync(args, stop.Token);
            case "http-loop":
                await HttpLoop.RunAsync(args, stop.Token);
                return 0;
            case "delivery-floor":
                await DeliveryFloor.RunAsync(args, stop.Token);
                return 0;
            case "soldr-queue":
                await SoldrQueue.RunAsync(args, stop.Token);
                return 0;
            case "hangfire-queue":
                await HangfireQueue.RunAsync(args, stop.Token);
                return 0;
            case "pg-waits":
                await WaitSampler.RunAsync(args, stop.Token);
                return 0;
            case "pace":
                await PacedSender.RunAsync(args, stop.Token);
                return 0;
            default:
                return Usage();
        }
    }
}
