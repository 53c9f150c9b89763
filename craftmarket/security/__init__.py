"""Cross-cutting security: middleware (staff idle timeout, refused-access log, database-down 503), the axes
lockout response, the two-factor admin site, the private storage class and the DEBUG-only public media view.

This package belongs to the project layer and imports no Craftmarket app.
"""
