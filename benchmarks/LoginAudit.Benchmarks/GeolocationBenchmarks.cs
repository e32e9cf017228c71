using BenchmarkDotNet.Attributes;
using LoginAudit.Data.Geo;

namespace LoginAudit.Benchmarks;

/// <summary>What a sign-in costs the geolocation step: an IPv4 and an IPv6 lookup with decoding, and a private address (no lookup).</summary>
[MemoryDiagnoser]
public class GeolocationBenchmarks
{
    private IpGeolocator _geolocator = null!;

    [GlobalSetup]
    public void Setup() => _geolocator = IpGeolocator.OpenDefault(TimeProvider.System);

    [GlobalCleanup]
    public void Cleanup() => _geolocator.Dispose();

    [Benchmark]
    public GeoLocation? Ipv4City() => _geolocator.Locate("200.160.2.3");

    [Benchmark]
    public GeoLocation? Ipv6City() => _geolocator.Locate("2a00:1450:4001:80b::200e");

    [Benchmark]
    public GeoLocation? PrivateNetwork() => _geolocator.Locate("192.168.1.44");
}
