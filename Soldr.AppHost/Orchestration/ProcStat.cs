using System.Globalization;

namespace Soldr.AppHost.Orchestration;

/// <summary>
/// The fields of <c>/proc/&lt;pid&gt;/stat</c> after the command name (which may itself hold spaces and
/// parentheses): index 0 is the state (field 3), index 19 the start time in clock ticks (field 22).
/// </summary>
internal static class ProcStat
{
    public const int State = 0;
    public const int StartTime = 19;

    /// <summary>The fields, or null when the process is gone or unreadable.</summary>
    public static string[]? Read(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
