"""The app's widgets: the Important list, the detail pane, the command pane and the status bar."""
