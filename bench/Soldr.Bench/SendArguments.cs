namespace Soldr.Bench;

/// <summary>What the HttpClient loop and the delivery floor both take: where to send, how many, how many at once, and how many first untimed.</summary>
internal sealed record SendArguments(Uri Url, int Count, int Concurrency, int Warmup, byte[] Body)
{
    public static SendArguments Parse(Arguments args) => new(
        new Uri(args.Text("url")), args.Int("count"), args.Int("concurrency", 16), args.Int("warmup", 0), Payload.Read(args));
}
