//! What a worker process holds: its mediasoup Worker and WebRtcServer, and
//! every object by typed id, with the lookups the entity modules share.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use mediasoup::consumer::Consumer;
use mediasoup::data_consumer::DataConsumer;
use mediasoup::data_producer::DataProducer;
use mediasoup::prelude::{WebRtcServer, Worker};
use mediasoup::producer::Producer;
use stunroom_shared::ids::{ConsumerId, DataConsumerId, DataProducerId, ProducerId, TransportId};
use tokio::sync::mpsc;

use super::room::RoomEntry;
use super::transport::Transport;
use super::{Out, Shared};
use crate::sfu::{Entity, RouterKey, SfuError, SfuSettings};

/// An object mediasoup closed by itself (its transport or producer went):
/// the handle is dropped from the maps.
#[derive(Debug)]
pub(in crate::sfu) enum Forget {
    Producer(ProducerId),
    Consumer(ConsumerId),
    DataProducer(DataProducerId),
    DataConsumer(DataConsumerId),
}

pub(in crate::sfu) struct ProducerEntry {
    pub producer: Producer,
    pub transport: TransportId,
}

pub(in crate::sfu) struct ConsumerEntry {
    pub consumer: Consumer,
    pub transport: TransportId,
}

pub(in crate::sfu) struct DataProducerEntry {
    pub data_producer: DataProducer,
    pub transport: TransportId,
}

pub(in crate::sfu) struct DataConsumerEntry {
    pub data_consumer: DataConsumer,
    pub transport: TransportId,
}

pub(in crate::sfu) struct State {
    pub settings: SfuSettings,
    pub index: usize,
    pub worker: Worker,
    pub webrtc_server: Option<WebRtcServer>,
    pub rooms: HashMap<RouterKey, RoomEntry>,
    pub transports: HashMap<TransportId, Transport>,
    pub producers: HashMap<ProducerId, ProducerEntry>,
    pub consumers: HashMap<ConsumerId, ConsumerEntry>,
    pub data_producers: HashMap<DataProducerId, DataProducerEntry>,
    pub data_consumers: HashMap<DataConsumerId, DataConsumerEntry>,
    pub out: Out,
    /// mediasoup's callbacks report closed objects here. Unbounded, but fed only
    /// by mediasoup's own lifecycle: at most one message per object, and the
    /// objects are bounded by the server's per-peer limits.
    pub forget: mpsc::UnboundedSender<Forget>,
}

/// Handles taken out of the state, to be dropped (closing them) once the
/// borrow has ended: children before parents.
#[derive(Default)]
pub(in crate::sfu) struct Closed {
    pub data_consumers: Vec<DataConsumerEntry>,
    pub data_producers: Vec<DataProducerEntry>,
    pub consumers: Vec<ConsumerEntry>,
    pub producers: Vec<ProducerEntry>,
    pub transports: Vec<Transport>,
    pub rooms: Vec<RoomEntry>,
    /// How many routers were closed.
    pub routers: usize,
}

impl Drop for Closed {
    fn drop(&mut self) {
        // Field order would do, but say it: children first, each holds its parent.
        self.data_consumers.clear();
        self.data_producers.clear();
        self.consumers.clear();
        self.producers.clear();
        self.transports.clear();
        self.rooms.clear();
    }
}

/// Removes and returns the entries of `map` whose transport is `transport`.
fn take_by_transport<K, V>(
    map: &mut HashMap<K, V>,
    transport: &TransportId,
    of: impl Fn(&V) -> &TransportId,
) -> Vec<V>
where
    K: std::hash::Hash + Eq + Clone,
{
    let keys: Vec<K> = map
        .iter()
        .filter(|(_, v)| of(v) == transport)
        .map(|(k, _)| k.clone())
        .collect();
    keys.iter().filter_map(|k| map.remove(k)).collect()
}

impl State {
    /// Starts the worker (and its WebRtcServer) and the empty state.
    pub async fn start(
        index: usize,
        settings: SfuSettings,
        out: Out,
    ) -> Result<(Shared, mpsc::UnboundedReceiver<Forget>), SfuError> {
        let (worker, webrtc_server) = super::worker::start(index, &settings).await?;
        let (forget, forget_rx) = mpsc::unbounded_channel();
        let state = State {
            settings,
            index,
            worker,
            webrtc_server,
            rooms: HashMap::new(),
            transports: HashMap::new(),
            producers: HashMap::new(),
            consumers: HashMap::new(),
            data_producers: HashMap::new(),
            data_consumers: HashMap::new(),
            out,
            forget,
        };
        Ok((Rc::new(RefCell::new(state)), forget_rx))
    }

    pub fn webrtc_server_port(&self) -> Option<u16> {
        self.webrtc_server
            .as_ref()
            .and_then(|_| match self.settings.rtc_port {
                0 => None,
                base => u16::try_from(usize::from(base) + self.index).ok(),
            })
    }

    pub fn router(&self, key: RouterKey) -> Result<mediasoup::router::Router, SfuError> {
        self.rooms
            .get(&key)
            .map(|r| r.router.clone())
            .ok_or_else(|| SfuError::not_found(Entity::Router, key))
    }

    pub fn transport(&self, id: &TransportId) -> Result<Transport, SfuError> {
        self.transports
            .get(id)
            .cloned()
            .ok_or_else(|| SfuError::not_found(Entity::Transport, id))
    }

    pub fn producer(&self, id: &ProducerId) -> Result<Producer, SfuError> {
        self.producers
            .get(id)
            .map(|p| p.producer.clone())
            .ok_or_else(|| SfuError::not_found(Entity::Producer, id))
    }

    pub fn consumer(&self, id: &ConsumerId) -> Result<Consumer, SfuError> {
        self.consumers
            .get(id)
            .map(|c| c.consumer.clone())
            .ok_or_else(|| SfuError::not_found(Entity::Consumer, id))
    }

    /// mediasoup closed an object by itself: drop our handle.
    pub fn forget(&mut self, what: Forget) {
        match what {
            Forget::Producer(id) => drop(self.producers.remove(&id)),
            Forget::Consumer(id) => drop(self.consumers.remove(&id)),
            Forget::DataProducer(id) => {
                drop(self.data_producers.remove(&id));
                for room in self.rooms.values_mut() {
                    if let Some(extras) = room.extras.as_mut() {
                        drop(extras.bot_listeners.remove(&id));
                    }
                }
            }
            Forget::DataConsumer(id) => drop(self.data_consumers.remove(&id)),
        }
    }

    /// Takes out a transport and everything on it.
    pub fn take_transport(&mut self, id: &TransportId) -> Result<Closed, SfuError> {
        let transport = self
            .transports
            .remove(id)
            .ok_or_else(|| SfuError::not_found(Entity::Transport, id))?;
        let mut closed = Closed::default();
        closed.data_consumers = take_by_transport(&mut self.data_consumers, id, |e| &e.transport);
        closed.data_producers = take_by_transport(&mut self.data_producers, id, |e| &e.transport);
        closed.consumers = take_by_transport(&mut self.consumers, id, |e| &e.transport);
        closed.producers = take_by_transport(&mut self.producers, id, |e| &e.transport);
        closed.transports.push(transport);
        Ok(closed)
    }

    /// Takes out a router and every transport in it.
    pub fn take_room(&mut self, key: RouterKey) -> Closed {
        let ids: Vec<TransportId> = self
            .transports
            .iter()
            .filter(|(_, t)| t.router() == key)
            .map(|(id, _)| id.clone())
            .collect();
        let mut closed = Closed::default();
        for id in ids {
            if let Ok(mut c) = self.take_transport(&id) {
                closed.data_consumers.append(&mut c.data_consumers);
                closed.data_producers.append(&mut c.data_producers);
                closed.consumers.append(&mut c.consumers);
                closed.producers.append(&mut c.producers);
                closed.transports.append(&mut c.transports);
            }
        }
        if let Some(room) = self.rooms.remove(&key) {
            closed.rooms.push(room);
            closed.routers = 1;
        }
        closed
    }

    /// Takes out everything (the workers stay).
    pub fn close_all(&mut self) -> Closed {
        let keys: Vec<RouterKey> = self.rooms.keys().copied().collect();
        let mut all = Closed::default();
        for key in keys {
            let mut c = self.take_room(key);
            all.data_consumers.append(&mut c.data_consumers);
            all.data_producers.append(&mut c.data_producers);
            all.consumers.append(&mut c.consumers);
            all.producers.append(&mut c.producers);
            all.transports.append(&mut c.transports);
            all.rooms.append(&mut c.rooms);
            all.routers += c.routers;
        }
        all
    }
}
