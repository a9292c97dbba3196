namespace Soldr.Admin.Components.Parts;

/// <summary>
/// Walks a newest-first list by cursor. The API only gives the next (older) cursor, so the cursors of
/// the pages already seen are kept to walk back.
/// </summary>
public sealed class CursorPager
{
    private readonly Stack<string?> _previous = new();

    public string? Current { get; private set; }

    public string? Next { get; set; }

    public bool IsFirstPage => Current is null;

    public bool HasOlder => Next is not null;

    public bool HasNewer => _previous.Count > 0;

    public int PageNumber => _previous.Count + 1;

    public void Older()
    {
        if (Next is null)
        {
            return;
        }

        _previous.Push(Current);
        Current = Next;
    }

    public void Newer()
    {
        if (_previous.Count > 0)
        {
            Current = _previous.Pop();
        }
    }

    public void Reset()
    {
        _previous.Clear();
        Current = null;
        Next = null;
    }
}
