"""reportlab documents: code slips, repeat-visit lists, certificates, post letters, reports.

Qt-free: printing builds PDF bytes; the Qt layer previews and sends them to a printer.
"""
