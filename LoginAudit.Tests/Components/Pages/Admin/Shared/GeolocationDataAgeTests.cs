using System.Globalization;
using LoginAudit.Data.Geo;
using LoginAudit.Tests.ComponentTesting;
using LoginAudit.Web.Components.Pages.Admin.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace LoginAudit.Tests.Components.Pages.Admin.Shared;

public sealed class GeolocationDataAgeTests : ComponentTestContext
{
    [Fact]
    public void GeolocationDataAge_DataPresent_SaysWhenItWasBuiltAndHowOldItIs()
    {
        using var geolocator = IpGeolocator.OpenDefault(Time);
        Services.AddSingleton(geolocator);
        Time.SetUtcNow(geolocator.DatabaseBuiltAt.AddDays(157).AddHours(3));

        var line = Render<GeolocationDataAge>();

        var builtOn = geolocator.DatabaseBuiltAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal($"Geolocation data from {builtOn} (157 days old). Refresh: see README.", line.Find(".geolocation-age").TextContent.Trim());
    }

    [Fact]
    public void GeolocationDataAge_FilesMissing_SaysTheDataIsMissing()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-geo-" + Guid.NewGuid().ToString("N"));
        Services.AddSingleton(_ => new IpGeolocator(missing, Time));

        var line = Render<GeolocationDataAge>();

        Assert.StartsWith("Geolocation data is missing", line.Find(".geolocation-age").TextContent.Trim());
    }
}
