using System.CommandLine;
using FocusController.Host.Commands;

namespace FocusController.Host.Tests;

public class CommandLineTests
{
    [Fact]
    public async Task Version_prints_the_version_and_the_commit()
    {
        var (exit, output) = await Invoke("--version");

        Assert.Equal(0, exit);
        // 0.1.0+<40 hex digits of the commit> when built from a git checkout
        Assert.Matches(@"^\d+\.\d+\.\d+(\+[0-9a-f]{7,40})?\s*$", output);
    }

    [Fact]
    public async Task Help_lists_every_command_with_a_description()
    {
        var (exit, output) = await Invoke("--help");

        Assert.Equal(0, exit);
        foreach (var command in FocusctlCommandLine.Build().Subcommands)
        {
            Assert.Contains(command.Name, output, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(command.Description), $"{command.Name} has no description");
        }
    }

    internal static async Task<(int Exit, string Output)> Invoke(params string[] args)
    {
        using var output = new StringWriter();
        var configuration = new InvocationConfiguration { Output = output, Error = output };
        int exit = await FocusctlCommandLine.Build().Parse(args).InvokeAsync(configuration);
        return (exit, output.ToString());
    }
}
