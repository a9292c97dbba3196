using System.Diagnostics;
using Soldr.Core.Deliveries;
using Soldr.Worker.Delivery;

namespace Soldr.Tests.Delivery;

public sealed class DeliveryTracingTests
{
    [Fact]
    public void ASendsSpan_ContinuesTheTraceOfTheIngestSpanThatSavedTheRequest()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DeliveryTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var ingestSpan = ActivityContext.Parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "vendor=1");
        var work = new DeliveryWork(
            Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UtcNow.AddMinutes(2), 3, Guid.NewGuid(), "shop", DateTimeOffset.UtcNow,
            "POST", "/", "", [], [], null, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "vendor=1", 1, "http://a.test/",
            DeliveryPolicy.Resolve(new DeliveryOptions(), new(), new()), Revision: 0);

        using var span = DeliveryTelemetry.StartSend(work);

        Assert.NotNull(span);
        Assert.Equal(ingestSpan.TraceId, span.TraceId);
        Assert.Equal(ingestSpan.SpanId, span.ParentSpanId);
        Assert.Equal(3, span.GetTagItem("soldr.attempt"));
        Assert.Equal(work.RequestId, span.GetTagItem("soldr.request_id"));
    }
}
