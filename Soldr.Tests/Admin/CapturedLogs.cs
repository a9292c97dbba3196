using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Soldr.Tests.Admin;

/// <summary>Every line a host logs, formatted as it would be written, for tests that read the log.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLine> _lines = new();

    public IReadOnlyList<CapturedLine> Lines => [.. _lines];

    public IEnumerable<CapturedLine> WithEventId(int id) => Lines.Where(line => line.EventId == id);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLine> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            lines.Enqueue(new CapturedLine(category, logLevel, eventId.Id, formatter(state, exception), properties, exception?.ToString()));
        }
    }
}

public sealed record CapturedLine(
    string Category, LogLevel Level, int EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> Properties, string? Exception)
{
    public object? this[string name] => Properties.FirstOrDefault(p => p.Key == name).Value;

    public override string ToString() => $"{Level} {Category}[{EventId}] {Message}";
}
