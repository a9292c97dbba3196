namespace Soldr.Client.Contracts;

/// <summary>
/// Which requests a destination receives (<c>Soldr:Webhooks:&lt;name&gt;:Destinations:&lt;i&gt;:Filter</c>). A request
/// that does not match gets a delivery recorded as <c>filtered</c>, with the reason, and is not sent.
/// </summary>
public sealed class DestinationFilter
{
    /// <summary>
    /// Event-type patterns: <c>order.*</c> matches any type starting <c>order.</c> (<c>*</c> stands for any
    /// text), <c>!order.test</c> excludes one. A type must match one pattern without <c>!</c> (when there are
    /// any) and none with it. A request without a type matches only a list of exclusions.
    /// </summary>
    public List<string>? EventTypes { get; set; }

    /// <summary>Conditions on the body, all of which must hold.</summary>
    public List<BodyCondition>? Body { get; set; }
}

/// <summary>
/// A condition on a JSON body: the value at <see cref="Path"/> (a string, number or boolean, as text)
/// equals <see cref="Value"/>; or it exists (<see cref="Exists"/> true) or does not (false).
/// </summary>
public sealed class BodyCondition
{
    public string? Path { get; set; }

    public string? Value { get; set; }

    public bool? Exists { get; set; }
}
