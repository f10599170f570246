from ninja import NinjaAPI

api = NinjaAPI(title="Workbridge API", version="1", docs_url="/docs")
