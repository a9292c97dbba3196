using System.ComponentModel.DataAnnotations;

namespace Soldr.Worker.Jobs;

/// <summary>Section <c>Soldr:Jobs:Resend</c>: how bulk re-sends do their work.</summary>
public sealed class ResendOptions
{
    public const string Section = "Soldr:Jobs:Resend";

    /// <summary>Requests per page: each page is one transaction with the progress it made.</summary>
    [Range(1, 10_000, ErrorMessage = "Soldr:Jobs:Resend:PageSize must be between 1 and 10000.")]
    public int PageSize { get; set; } = 500;
}
