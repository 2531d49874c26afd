using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FocusController.Host.Configuration;

/// <summary>
/// The last valid value of one config section. The daemon reads settings from here, never straight from
/// IOptionsMonitor, so an invalid edit of the file can never reach the motor: <see cref="ConfigReloadGuard"/>
/// only applies a reload once every section of it validates.
/// </summary>
public sealed class LiveOptions<T>(IOptions<T> initial)
    where T : class
{
    private T _current = initial.Value;

    public T Current => Volatile.Read(ref _current);

    internal void Apply(T value) => Volatile.Write(ref _current, value);
}

/// <summary>One reloadable section: how to bind and validate a candidate, and how to apply it.</summary>
public sealed record ReloadableSection(string Name, Func<IConfiguration, (object Candidate, IReadOnlyList<string> Errors)> Check, Action<object> Apply);

public static class LiveOptionsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/>, validates it at start (ValidateOnStart) with
    /// <typeparamref name="TValidator"/>, and makes it reloadable through <see cref="LiveOptions{T}"/>.
    /// </summary>
    public static IServiceCollection AddLiveOptions<T, TValidator>(this IServiceCollection services, string section)
        where T : class, new()
        where TValidator : class, IValidateOptions<T>, new()
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>, TValidator>();
        services.AddSingleton<LiveOptions<T>>();
        services.AddSingleton(provider => new ReloadableSection(
            section,
            configuration =>
            {
                var candidate = new T();
                try
                {
                    configuration.GetSection(section).Bind(candidate);
                }
                catch (InvalidOperationException ex)
                {
                    return (candidate, [ex.Message]);
                }

                var result = new TValidator().Validate(Options.DefaultName, candidate);
                return (candidate, result.Failed ? result.Failures.ToList() : []);
            },
            candidate => provider.GetRequiredService<LiveOptions<T>>().Apply((T)candidate)));
        return services;
    }
}
