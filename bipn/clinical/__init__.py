"""Clinical knowledge as typed records from the content: CTCAE grades, the label's dose table and products, kidney and liver bands, body size, medicines, analgesics, education and figures."""
