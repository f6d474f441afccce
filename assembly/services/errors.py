class AssemblyError(ValueError):
    """Bad input or a refused step, with the message to show; nothing was saved."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
