using System.Collections.Concurrent;

namespace LoginAudit.Data.UserAgents;

/// <summary>
/// A thread-safe cache of about twice <c>generationSize</c> entries at most (racing adds may overshoot by a few), so user agents chosen by a
/// client cannot grow it without limit. Two generations approximate LRU without a lock: when the
/// current one is full it becomes the previous one (the older previous one is dropped), and a hit in
/// the previous generation is copied forward, so entries in use survive the turnover.
/// </summary>
internal sealed class BoundedCache<TKey, TValue>
    where TKey : notnull
{
    private readonly int _generationSize;
    private readonly object _turnoverLock = new();
    private ConcurrentDictionary<TKey, TValue> _current;
    private ConcurrentDictionary<TKey, TValue> _previous;

    public BoundedCache(int generationSize, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(generationSize);
        _generationSize = generationSize;
        _current = new ConcurrentDictionary<TKey, TValue>(comparer);
        _previous = new ConcurrentDictionary<TKey, TValue>(comparer);
    }

    /// <summary>Entries held now.</summary>
    public int Count => _current.Count + _previous.Count;

    public bool TryGetValue(TKey key, out TValue value)
    {
        if (_current.TryGetValue(key, out value!))
        {
            return true;
        }

        if (_previous.TryGetValue(key, out value!))
        {
            Add(key, value);
            return true;
        }

        return false;
    }

    public void Add(TKey key, TValue value)
    {
        var current = _current;
        if (current.Count >= _generationSize)
        {
            lock (_turnoverLock)
            {
                if (ReferenceEquals(current, _current))
                {
                    _previous = current;
                    _current = new ConcurrentDictionary<TKey, TValue>(current.Comparer);
                }
            }
        }

        _current.TryAdd(key, value);
    }
}
