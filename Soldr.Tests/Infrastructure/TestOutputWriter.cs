using System.Text;
using Xunit.Abstractions;

namespace Soldr.Tests.Infrastructure;

/// <summary>
/// Sends lines to a test's output, and keeps them so a test can assert on what the AppHost printed.
/// Lines written after the test finished (a process still shutting down) are kept but not forwarded.
/// </summary>
public sealed class TestOutputWriter(ITestOutputHelper? output) : TextWriter
{
    private readonly StringBuilder _all = new();
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_all)
            {
                return _all.ToString();
            }
        }
    }

    public override void Write(char value)
    {
        lock (_all)
        {
            _all.Append(value);
            if (value == '\n')
            {
                Forward(_line.ToString());
                _line.Clear();
            }
            else if (value != '\r')
            {
                _line.Append(value);
            }
        }
    }

    // Whole strings and lines under the lock (it is reentrant): several resources' logs are written at once.
    public override void Write(string? value)
    {
        lock (_all)
        {
            foreach (var c in value ?? string.Empty)
            {
                Write(c);
            }
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_all)
        {
            Write(value);
            Write('\n');
        }
    }

    private void Forward(string line)
    {
        try
        {
            output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has finished; xunit no longer accepts output for it.
        }
    }
}
