using System.Text;
using Soldr.Core.Signing;

namespace Soldr.Tests.Delivery;

/// <summary>Soldr's signer against the Standard Webhooks specification's published test vector.</summary>
public sealed class StandardWebhookSignatureTests
{
    // From the specification's reference implementations' tests.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Payload = """{"test": 2432232314}""";
    private const string Expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void TheSpecificationsVector_IsSignedExactly()
    {
        var key = StandardWebhookSecret.TryReadKey(Secret)!;

        Assert.Equal(Expected, StandardWebhookSignature.Header([key], Id, Timestamp, Encoding.UTF8.GetBytes(Payload)));
    }

    [Fact]
    public void DuringARotation_BothSignaturesAreSent_TheCurrentFirst()
    {
        var current = StandardWebhookSecret.TryReadKey(StandardWebhookSecret.Generate())!;
        var previous = StandardWebhookSecret.TryReadKey(Secret)!;

        var header = StandardWebhookSignature.Header([current, previous], Id, Timestamp, Encoding.UTF8.GetBytes(Payload));

        var parts = header.Split(' ');
        Assert.Equal(2, parts.Length);
        Assert.Equal(Expected, parts[1]);
        Assert.StartsWith("v1,", parts[0], StringComparison.Ordinal);
        Assert.NotEqual(Expected, parts[0]);
    }

    [Fact]
    public void ASecretThatIsNotWhsecBase64OfEnoughBytes_HasNoKey()
    {
        Assert.Null(StandardWebhookSecret.TryReadKey("whsec_" + Convert.ToBase64String(new byte[8])));
        Assert.Null(StandardWebhookSecret.TryReadKey("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        Assert.Null(StandardWebhookSecret.TryReadKey("whsec_not base64!"));
        Assert.Equal(32, StandardWebhookSecret.TryReadKey(StandardWebhookSecret.Generate())!.Length);
    }
}
