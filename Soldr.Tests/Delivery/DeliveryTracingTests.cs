using System.Diagnostics;
using Soldr.Core.Deliveries;
using Soldr.Worker.Delivery;

namespace Soldr.Tests.Delivery;

public sealed class DeliveryTracingTests
{
    [Fact]
    public void ASendsSpan_ContinuesTheTraceOfTheIngestSpanThatSavedTheRequest()
    {
        // A trace of this test's own. Listeners are process-wide: this one records only this trace's spans,
        // so workers of tests running alongside start none because of it (a span would add a traceparent
        // header to what they send).
        var traceParent = $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01";
        var ingestSpan = ActivityContext.Parse(traceParent, "vendor=1");
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DeliveryTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> span) => span.Parent.TraceId == ingestSpan.TraceId
                ? ActivitySamplingResult.AllDataAndRecorded
                : ActivitySamplingResult.None,
        };
        ActivitySource.AddActivityListener(listener);
        var work = new DeliveryWork(
            Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow.AddMinutes(2), 3, Guid.NewGuid(), "shop", DateTimeOffset.UtcNow,
            "POST", "/", "", [], [], null, traceParent, "vendor=1", 1, "http://a.test/",
            DeliveryPolicy.Resolve(new DeliveryOptions(), new(), new()), Revision: 0);

        using var span = DeliveryTelemetry.StartSend(work);

        Assert.NotNull(span);
        Assert.Equal(ingestSpan.TraceId, span.TraceId);
        Assert.Equal(ingestSpan.SpanId, span.ParentSpanId);
        Assert.Equal(3, span.GetTagItem("soldr.attempt"));
        Assert.Equal(work.RequestId, span.GetTagItem("soldr.request_id"));
    }
}
