using LoginAudit.Data.UserAgents;

namespace LoginAudit.Tests.UserAgents;

public sealed class BoundedCacheTests
{
    [Fact]
    public void TryGetValue_AfterAdd_FindsTheValue()
    {
        var cache = new BoundedCache<string, int>(2);

        cache.Add("a", 1);

        Assert.True(cache.TryGetValue("a", out var value));
        Assert.Equal(1, value);
        Assert.False(cache.TryGetValue("b", out _));
    }

    [Fact]
    public void Add_BeyondTwoGenerations_DropsTheOldestEntries()
    {
        var cache = new BoundedCache<int, int>(2);

        for (var i = 0; i < 10; i++)
        {
            cache.Add(i, i);
        }

        Assert.InRange(cache.Count, 1, 4);
        Assert.False(cache.TryGetValue(0, out _));
        Assert.True(cache.TryGetValue(9, out _));
    }

    [Fact]
    public void TryGetValue_EntryInUse_SurvivesTheTurnover()
    {
        var cache = new BoundedCache<int, int>(2);
        cache.Add(0, 0);

        for (var i = 1; i < 10; i++)
        {
            Assert.True(cache.TryGetValue(0, out _), $"entry 0 was dropped before adding {i}");
            cache.Add(i, i);
        }
    }

    [Fact]
    public void Constructor_GenerationSizeZero_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BoundedCache<int, int>(0));
}
