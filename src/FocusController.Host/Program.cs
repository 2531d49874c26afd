using FocusController.Host.Commands;

return await FocusctlCommandLine.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
