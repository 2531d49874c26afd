using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace FocusController.Host.Configuration;

/// <summary>
/// Watches the config file: an edit that validates in every section is applied as a whole; one that does not is
/// logged, key by key, and ignored, and the daemon keeps running on the last good settings.
/// </summary>
public sealed partial class ConfigReloadGuard(
    IConfiguration configuration,
    IEnumerable<ReloadableSection> sections,
    ILogger<ConfigReloadGuard> logger) : IHostedService, IDisposable
{
    private IDisposable? _subscription;

    public int Applied { get; private set; }

    public int Rejected { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _subscription?.Dispose();

    /// <summary>Checks the current configuration and applies it if every section is valid.</summary>
    public void Reload()
    {
        var checks = sections.Select(s => (Section: s, Result: s.Check(configuration))).ToList();
        var errors = checks.SelectMany(c => c.Result.Errors).ToList();
        if (errors.Count > 0)
        {
            Rejected++;
            foreach (string error in errors)
            {
                LogRejected(logger, error);
            }

            return;
        }

        foreach (var (section, result) in checks)
        {
            section.Apply(result.Candidate);
        }

        Applied++;
        LogApplied(logger);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Config change ignored, keeping the last good settings: {Error}")]
    private static partial void LogRejected(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Config change applied (motor pins and camera device take effect after a restart)")]
    private static partial void LogApplied(ILogger logger);
}
