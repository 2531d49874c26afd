using System.CommandLine;

namespace FocusController.Host.Commands;

/// <summary>The `focusctl` command tree. A command is listed here only once it works.</summary>
public static class FocusctlCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("focusctl: autofocus for manual microscopes (LDSE-NET defocus estimation, stepper focus drive)");
        foreach (var command in Commands())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    private static IEnumerable<Command> Commands()
    {
        yield return RunCommand.Create();
        yield return DaemonClientCommands.Status();
        yield return DaemonClientCommands.Focus();
        yield return DaemonClientCommands.Reference();
        yield return CameraCommand.Create();
        yield return DatasetCommand.Create();
        yield return PredictCommand.Create();
        yield return RenderCommand.Create();
        yield return CalibrateCommand.Create();
        yield return CollectCommand.Create();
        yield return BenchCommand.Create();
    }
}
