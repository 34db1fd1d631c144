"""sharewise: the HM Government information sharing guidance (2008) as a working system."""

from sharewise.engine import Assessment, CaseFacts, assess

__version__ = "0.1.0"

__all__ = ["Assessment", "CaseFacts", "__version__", "assess"]
