using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Soldr.ServiceDefaults.Telemetry;

/// <summary>
/// Leaves out a call to PostgreSQL, Redis or another server that nothing traced started: the worker's
/// polling, the scheduler's bookkeeping and the wake-ups would otherwise fill the dashboard with
/// one-span traces and bury those of webhooks. Every other span is up to the sampler it wraps (the
/// default, or <c>OTEL_TRACES_SAMPLER</c>).
/// </summary>
public sealed class NoStrayClientCallsSampler(Sampler inner) : Sampler
{
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.ParentContext.TraceId == default && samplingParameters.Kind == ActivityKind.Client
            ? new SamplingResult(SamplingDecision.Drop)
            : inner.ShouldSample(samplingParameters);
}
