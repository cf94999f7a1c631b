import gzip, re, json
from openspace.web.page_strings import page_scripts
from openspace.text.ui_text import js_strings
def test_html(app, client, workshop):
    for path in [f"/j/{workshop['join_code']}", f"/f/{workshop['id']}", f"/f/{workshop['id']}/projector", "/organiser", f"/f/{workshop['id']}/downloads"]:
        html = client.get(path).data
        m = re.search(rb'<script type="application/json" id="i18n">(.*?)</script>', html, re.S)
        print("\n", path, "html", len(gzip.compress(html, 6)), "i18n", len(m.group(1)), len(gzip.compress(m.group(1), 6)), len(json.loads(m.group(1))))
    with app.test_request_context():
        print(page_scripts("participant.html"))
        print(len(js_strings()))
