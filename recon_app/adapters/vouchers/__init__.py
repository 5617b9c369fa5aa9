"""ERP voucher files: 더존 일반전표 / 매입매출전표 and 세무사랑 일반전표 layouts and writers."""
