namespace Soldr.Admin.Components.Pages.Requests;

/// <summary>The values of <c>RequestSummary.Outcome</c>, in the order a filter lists them.</summary>
public static class Outcomes
{
    public static readonly IReadOnlyList<string> All = ["failed", "partial", "pending", "succeeded", "unroutable", "received"];
}
