using System.Text;

namespace Soldr.Bench;

/// <summary>The realistic 1 KB webhook every scenario sends (bench/payload.json), and its headers.</summary>
internal static class Payload
{
    public static readonly (string Name, string Value)[] Headers =
    [
        ("Content-Type", "application/json"),
        ("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"),
        ("Stripe-Signature", "t=1732262400,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd"),
    ];

    public static byte[] Read(Arguments args) =>
        File.ReadAllBytes(args.Text("payload", Path.Combine(AppContext.BaseDirectory, "payload.json"))).TrimEnd();

    /// <summary>The payload with its trailing <c>"seq":0</c> replaced by <paramref name="seq"/>.</summary>
    public static byte[] WithSequence(byte[] payload, long seq)
    {
        var text = Encoding.UTF8.GetString(payload);
        var at = text.LastIndexOf("\"seq\":0", StringComparison.Ordinal);
        return at < 0 ? payload : Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, at), $"\"seq\":{seq}", text.AsSpan(at + 7)));
    }

    private static byte[] TrimEnd(this byte[] bytes)
    {
        var end = bytes.Length;
        while (end > 0 && bytes[end - 1] is (byte)'\n' or (byte)'\r')
        {
            end--;
        }

        return bytes[..end];
    }
}
