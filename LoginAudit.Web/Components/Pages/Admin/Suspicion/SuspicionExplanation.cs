using System.Globalization;
using LoginAudit.Data.Detection;
using LoginAudit.Web.Components.Shared;

namespace LoginAudit.Web.Components.Pages.Admin.Suspicion;

/// <summary>What made a signal fire, with the configured thresholds, and what an administrator should do about it.</summary>
public static class SuspicionExplanation
{
    public static string WhatFired(SuspicionReasons reason, DetectionSettings settings) => reason switch
    {
        SuspicionReasons.NewDevice =>
            $"A successful sign-in from a browser, operating system and device type not seen in the user's last {Count(settings.NewDeviceHistory)} successful sign-ins (versions ignored).",
        SuspicionReasons.NewCountry =>
            $"A successful sign-in from a country not seen in the user's last {Count(settings.NewCountryHistory)} successful sign-ins.",
        SuspicionReasons.NewCity =>
            $"A successful sign-in from a known country but a city not seen in the user's last {Count(settings.NewCityHistory)} successful sign-ins.",
        SuspicionReasons.ImpossibleTravel =>
            $"A successful sign-in faster than {Number(settings.ImpossibleTravelSpeedKmh)} km/h away from the user's previous located sign-in (jumps under {Number(settings.ImpossibleTravelMinimumDistanceKm)} km never count).",
        SuspicionReasons.BruteForce =>
            $"A successful sign-in after at least {Count(settings.BruteForceFailures)} failures on the account within {HumanFormat.Duration(settings.BruteForceWindow)}.",
        SuspicionReasons.PasswordSpraying =>
            $"A failed sign-in from an address that failed against at least {Count(settings.SprayingUserNames)} different user names within {HumanFormat.Duration(settings.SprayingWindow)}.",
        SuspicionReasons.BotUserAgent =>
            "A sign-in attempt whose user agent is a crawler or an automation tool (uap-core's crawlers and isbot's list).",
        SuspicionReasons.HostingNetwork =>
            $"A sign-in attempt from a cloud or hosting network ({Count(settings.HostingAsnSet.Count)} autonomous systems, LoginAudit:Detection:HostingAsns).",
        _ => reason.ToString(),
    };

    public static string WhatToDo(SuspicionReasons reason) => reason switch
    {
        SuspicionReasons.NewDevice or SuspicionReasons.NewCountry or SuspicionReasons.NewCity =>
            "Usually a new phone, a trip or a new network: the user was alerted. Act if the user says it was not them: end their sessions and have them change the password.",
        SuspicionReasons.ImpossibleTravel =>
            "Often a VPN or a mobile carrier; otherwise two people use the account. Ask the user, and end their sessions if it was not them.",
        SuspicionReasons.BruteForce =>
            "The password was likely guessed or taken from a leak. End the user's sessions, reset the password and turn on two-factor authentication.",
        SuspicionReasons.PasswordSpraying =>
            "One address is trying many accounts. Look at its events, and block it upstream if it goes on; throttling already slows it down.",
        SuspicionReasons.BotUserAgent =>
            "An automated client is signing in. Check whether the account is a known integration; otherwise look at the address's events.",
        SuspicionReasons.HostingNetwork =>
            "People sign in from home and office lines; scripts and proxies run in data centres. Look at the network's events; if the account is not a known integration, confirm the sign-in safe or compromised in its details.",
        _ => "",
    };

    private static string Count(int value) => HumanFormat.Count(value);

    private static string Number(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
