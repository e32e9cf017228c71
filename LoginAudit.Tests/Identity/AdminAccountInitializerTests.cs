using LoginAudit.Data.Identity;
using LoginAudit.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoginAudit.Tests.Identity;

public sealed class AdminAccountInitializerTests
{
    [Fact]
    public async Task Start_WithAdminConfigured_CreatesTheAccountInTheAdminRole()
    {
        await using var app = new LoginAuditAppFactory();

        var (exists, isAdmin, confirmed) = await app.WithUsersAsync(async users =>
        {
            var admin = await users.FindByEmailAsync(LoginAuditAppFactory.AdminEmail);
            return (admin is not null, admin is not null && await users.IsInRoleAsync(admin, AdminAccountInitializer.AdminRole), admin?.EmailConfirmed == true);
        });

        Assert.True(exists && isAdmin && confirmed);
    }

    [Fact]
    public async Task Start_WithoutAdminConfigured_StartsAndLogsHowToCreateOne()
    {
        var logs = new CollectingLoggerProvider();
        await using var app = new LoginAuditAppFactory(settings =>
        {
            settings["LoginAudit:Admin:Email"] = null;
            settings["LoginAudit:Admin:Password"] = null;
        });
        using var configured = app.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(logs)));

        var response = await configured.CreateClient().GetAsync("/");

        Assert.True(response.IsSuccessStatusCode);
        Assert.Contains(logs.Messages, message => message.Contains("LoginAudit__Admin__Email") && message.Contains("LoginAudit__Admin__Password"));
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Collector(Messages);

        public void Dispose()
        {
        }

        private sealed class Collector(System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
