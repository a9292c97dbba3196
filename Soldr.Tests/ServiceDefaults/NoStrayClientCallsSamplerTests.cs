using System.Diagnostics;
using OpenTelemetry.Trace;
using Soldr.ServiceDefaults.Telemetry;

namespace Soldr.Tests.ServiceDefaults;

public sealed class NoStrayClientCallsSamplerTests
{
    private static readonly ActivityContext AParent =
        new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

    [Theory]
    [InlineData(ActivityKind.Client, false, SamplingDecision.Drop)]
    [InlineData(ActivityKind.Client, true, SamplingDecision.RecordAndSample)]
    [InlineData(ActivityKind.Server, false, SamplingDecision.RecordAndSample)]
    [InlineData(ActivityKind.Internal, false, SamplingDecision.RecordAndSample)]
    public void AClientCall_IsLeftOut_OnlyWhenNothingTracedStartedIt(ActivityKind kind, bool withParent, SamplingDecision expected)
    {
        var sampler = new NoStrayClientCallsSampler(new AlwaysOnSampler());
        var parameters = new SamplingParameters(withParent ? AParent : default, ActivityTraceId.CreateRandom(), "postgresql", kind);

        Assert.Equal(expected, sampler.ShouldSample(parameters).Decision);
    }

    [Fact]
    public void EverythingElse_IsUpToTheWrappedSampler()
    {
        var sampler = new NoStrayClientCallsSampler(new AlwaysOffSampler());

        var aRequest = new SamplingParameters(default, ActivityTraceId.CreateRandom(), "POST", ActivityKind.Server);

        Assert.Equal(SamplingDecision.Drop, sampler.ShouldSample(aRequest).Decision);
    }
}
