"""Progress statistics: pure computations over domain records."""
