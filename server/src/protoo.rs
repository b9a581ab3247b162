//! The protoo requests of a browser peer, each mapped onto the domain API
//! ([`Peer`]); errors become protoo error responses with the domain's code.

use serde::Serialize;
use serde_json::{json, Value};
use stunroom_shared::messages::{
    ClientRequest, ProduceDataResponse, ProduceResponse, NETWORK_THROTTLE_UNSUPPORTED,
};
use stunroom_shared::protoo::{ErrorResponse, Request, Response};

use crate::domain::data::DataProducerOptions;
use crate::domain::{FollowUp, Peer, PeerError};
use crate::sfu::{ConsumerControl, Op, StatsOf};

type Handled = Result<(Value, Option<FollowUp>), PeerError>;

fn ok(data: impl Serialize) -> Handled {
    serde_json::to_value(data)
        .map(|v| (v, None))
        .map_err(|e| PeerError::Internal(format!("cannot encode the response: {e}")))
}

fn empty() -> Handled {
    Ok((json!({}), None))
}

/// The protoo error for a domain error.
pub fn error_response(e: &PeerError) -> ErrorResponse {
    ErrorResponse::new(e.code(), e.to_string())
}

/// Handles one request of `peer`: the response, and work to run once it is sent.
pub async fn handle(peer: &Peer, request: &Request) -> (Response, Option<FollowUp>) {
    let id = request.id;
    let parsed = match ClientRequest::from_request(request) {
        Ok(r) => r,
        Err(e) => return (Response::error(id, e), None),
    };
    match dispatch(peer, parsed).await {
        Ok((data, follow_up)) => (Response::ok(id, data), follow_up),
        Err(e) => {
            // `?` escapes: reasons can quote what the client sent.
            tracing::debug!(peer = %peer.id, method = ?request.method, reason = ?e.to_string(), "request failed");
            (Response::error(id, error_response(&e)), None)
        }
    }
}

async fn dispatch(peer: &Peer, request: ClientRequest) -> Handled {
    use ClientRequest as R;
    match request {
        R::GetRouterRtpCapabilities(_) => ok(peer.capabilities().await?),
        R::CreateWebRtcTransport(t) => ok(peer.create_webrtc_transport(t).await?),
        R::ConnectWebRtcTransport(c) => {
            peer.connect_transport(c.transport_id, c.dtls_parameters)
                .await?;
            empty()
        }
        R::RestartIce(r) => ok(peer.restart_ice(r.transport_id).await?),
        R::Join(j) => {
            let (answer, follow_up) = peer.join(j).await?;
            Ok((ok(answer)?.0, Some(follow_up)))
        }
        R::Produce(p) => {
            let (id, follow_up) = peer
                .produce(p.transport_id, p.kind, p.rtp_parameters, p.app_data)
                .await?;
            Ok((ok(ProduceResponse { id })?.0, Some(follow_up)))
        }
        R::CloseProducer(p) => {
            peer.close_producer(p.producer_id).await?;
            empty()
        }
        R::PauseProducer(p) => op(peer.producer_op(p.producer_id, Op::Pause).await),
        R::ResumeProducer(p) => op(peer.producer_op(p.producer_id, Op::Resume).await),
        R::PauseConsumer(c) => op(peer.consumer_op(c.consumer_id, Op::Pause).await),
        R::ResumeConsumer(c) => op(peer.consumer_op(c.consumer_id, Op::Resume).await),
        R::SetConsumerPreferredLayers(l) => {
            let control = ConsumerControl::PreferredLayers {
                spatial_layer: l.spatial_layer,
                temporal_layer: l.temporal_layer,
            };
            ok(peer.consumer_control(l.consumer_id, control).await?)
        }
        R::SetConsumerPriority(p) => ok(peer
            .consumer_control(p.consumer_id, ConsumerControl::Priority(p.priority))
            .await?),
        R::RequestConsumerKeyFrame(c) => ok(peer
            .consumer_control(c.consumer_id, ConsumerControl::KeyFrame)
            .await?),
        R::ProduceData(d) => {
            let options = DataProducerOptions {
                sctp_stream_parameters: d.sctp_stream_parameters,
                label: d.label,
                protocol: d.protocol,
                app_data: d.app_data,
            };
            let (id, follow_up) = peer.produce_data(d.transport_id, options).await?;
            Ok((ok(ProduceDataResponse { id })?.0, Some(follow_up)))
        }
        R::ChangeDisplayName(c) => {
            peer.change_display_name(c.display_name)?;
            empty()
        }
        R::GetTransportStats(t) => ok(peer.stats(StatsOf::Transport(t.transport_id)).await?),
        R::GetProducerStats(p) => ok(peer.stats(StatsOf::Producer(p.producer_id)).await?),
        R::GetConsumerStats(c) => ok(peer.stats(StatsOf::Consumer(c.consumer_id)).await?),
        R::GetDataProducerStats(d) => ok(peer
            .stats(StatsOf::DataProducer(d.data_producer_id))
            .await?),
        R::GetDataConsumerStats(d) => ok(peer
            .stats(StatsOf::DataConsumer(d.data_consumer_id))
            .await?),
        R::SetHandRaised(h) => {
            peer.set_hand_raised(h.raised)?;
            empty()
        }
        R::SendReaction(r) => {
            peer.send_reaction(r.emoji)?;
            empty()
        }
        R::ApplyNetworkThrottle(_) | R::ResetNetworkThrottle(_) => {
            let (code, reason) = NETWORK_THROTTLE_UNSUPPORTED;
            Err(PeerError::Unsupported { code, reason })
        }
    }
}

fn op(result: Result<(), PeerError>) -> Handled {
    result?;
    empty()
}
