using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Components;

namespace Soldr.Admin.Components.Parts;

/// <summary>
/// A page that reads its data once per page view. Every page is rendered twice: to HTML first
/// (prerendered), then again when its live connection starts, and both renders initialise it. The
/// prerender hands what it read over to the live render, in the page, through Blazor's persistent
/// component state; the live render takes it instead of reading it again.
/// </summary>
/// <remarks>
/// Data is handed over under a key that names what it is (which request, which filter) and can be taken
/// once, so a page shown again with other parameters, or opened later in the same connection, finds
/// nothing under its key and reads its own data. Only a prerender hands data over: a connection that
/// is resumed after a break reads fresh data rather than what was on screen before it.
/// </remarks>
public abstract class PrerenderedPage : ComponentBase, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private PersistingComponentStateSubscription _handOver;

    [Inject]
    private PersistentComponentState State { get; set; } = default!;

    [Inject]
    private ILogger<PrerenderedPage> Logger { get; set; } = default!;

    /// <summary>The data this page's prerender read under <paramref name="key"/>, if this is its live render.</summary>
    protected bool TryTakePrerendered<T>(string key, [NotNullWhen(true)] out T? value)
        where T : class =>
        State.TryTakeFromJson(key, out value) && value is not null;

    /// <summary>
    /// If this is a prerender, hands the data <paramref name="read"/> returns when the prerender is done
    /// over to the live render. Call it once, as the page initialises; null values are left out.
    /// </summary>
    protected void HandOverWhenPrerendered(Func<IEnumerable<(string Key, object? Value)>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (RendererInfo.IsInteractive || AssignedRenderMode is null)
        {
            return;
        }

        _handOver = State.RegisterOnPersisting(() => HandOver(read()), AssignedRenderMode);
    }

    private Task HandOver(IEnumerable<(string Key, object? Value)> data)
    {
        var room = PrerenderLimits.HandOverBytes;
        foreach (var (key, value) in data)
        {
            if (value is null)
            {
                continue;
            }

            // Blazor stores the value as camel-case JSON, as written here, so this is its size in the
            // state before the state is encrypted and encoded.
            var bytes = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), Json).Length;
            if (bytes > room)
            {
                Log.NotHandedOver(Logger, key, bytes, room);
                continue;
            }

            room -= bytes;
            State.PersistAsJson(key, value);
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _handOver.Dispose();
        GC.SuppressFinalize(this);
    }
}
